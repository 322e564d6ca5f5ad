"""What instrumentation costs per request: none, metrics, metrics + tracing at ratio 1.0 and 0.01.

Requests go through the whole ASGI stack in process (httpx's ASGITransport, no sockets), to a
route that does nothing, so the difference between rows is the instrumentation itself. Spans go
to a BatchSpanProcessor, as in production, with an exporter that only counts them.

    uv run python benchmarks/bench_instrumentation.py [--requests N] [--repeats R]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import time
from collections.abc import Sequence

import httpx
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

from shopwatch import Settings, create_app, make_tracer_provider


class CountingExporter(SpanExporter):
    def __init__(self) -> None:
        self.count = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.count += len(spans)
        return SpanExportResult.SUCCESS


async def run(requests: int, metrics: bool, ratio: float | None) -> tuple[float, int]:
    """Microseconds per request, and the spans exported."""
    exporter = CountingExporter()
    provider: TracerProvider | None = None
    if ratio is not None:
        provider = make_tracer_provider("bench", ratio, exporter)
    app = create_app(Settings(), tracer_provider=provider, metrics=metrics)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await client.get("/healthz")  # warm up: route compilation, first labels
        started = time.perf_counter()
        for _ in range(requests):
            await client.get("/healthz")
        elapsed = time.perf_counter() - started
    if provider is not None:
        provider.shutdown()  # flush: every kept span is counted
    return elapsed / requests * 1e6, exporter.count


VARIANTS = [
    ("none", False, None),
    ("metrics", True, None),
    ("metrics + tracing 1.0", True, 1.0),
    ("metrics + tracing 0.01", True, 0.01),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.requests} requests x {args.repeats} repeats, Python {platform.python_version()}")
    print(f"{'variant':<24}{'us/request':>11}  {'[min-max]':<12}{'vs none':>8}  spans")
    baseline = 0.0
    for name, metrics, ratio in VARIANTS:
        results = [asyncio.run(run(args.requests, metrics, ratio)) for _ in range(args.repeats)]
        times = [t for t, _ in results]
        median = statistics.median(times)
        baseline = baseline or median
        spans = results[-1][1]
        spread = f"[{min(times):.0f}-{max(times):.0f}]"
        print(f"{name:<24}{median:>11.0f}  {spread:<12}{median / baseline:>7.2f}x  {spans}")


if __name__ == "__main__":
    main()
