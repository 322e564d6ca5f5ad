"""`run_in_executor` drops the caller's context (the current span); `copy_context` or
`asyncio.to_thread` carry it into the thread."""

from __future__ import annotations

import asyncio
import contextvars
import functools

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

tracer = TracerProvider().get_tracer("example")


def current_span_name() -> str:
    span = trace.get_current_span()
    return getattr(span, "name", "(no span)")


async def main() -> None:
    loop = asyncio.get_running_loop()
    with tracer.start_as_current_span("request"):
        print("run_in_executor:  ", await loop.run_in_executor(None, current_span_name))
        call = functools.partial(contextvars.copy_context().run, current_span_name)
        print("with copy_context:", await loop.run_in_executor(None, call))
        print("asyncio.to_thread:", await asyncio.to_thread(current_span_name))


asyncio.run(main())
