"""A span tree in memory: parents, attributes, an event, and an exception recorded by the
`with` block that it left."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

exporter = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))
tracer = provider.get_tracer("example")

with tracer.start_as_current_span("checkout") as checkout:
    checkout.set_attribute("cart.items", 3)
    with tracer.start_as_current_span("reserve stock") as reserve:
        reserve.add_event("stock reserved", {"item.id": "apple"})
    try:
        with tracer.start_as_current_span("charge card"):
            raise TimeoutError("payment gateway")
    except TimeoutError:
        pass  # the span already recorded it on its way out of the `with`

names = {span.context.span_id: span.name for span in exporter.get_finished_spans()}
for span in exporter.get_finished_spans():
    parent = names.get(span.parent.span_id, "?") if span.parent else "(root)"
    events = [event.name for event in span.events]
    print(f"{span.name:<14} parent={parent:<9} status={span.status.status_code.name:<6} {events}")
