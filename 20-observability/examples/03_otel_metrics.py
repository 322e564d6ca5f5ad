"""The same RED counter through the OpenTelemetry metrics API, exposed for Prometheus by
opentelemetry-exporter-prometheus (which registers with prometheus-client's registry)."""

from __future__ import annotations

from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from prometheus_client import REGISTRY, generate_latest

reader = PrometheusMetricReader()
provider = MeterProvider(metric_readers=[reader], resource=Resource.create({"service.name": "x"}))
meter = provider.get_meter("shopwatch")
requests = meter.create_counter("shop.http.requests", unit="1", description="Requests.")
duration = meter.create_histogram(
    "shop.http.request.duration",
    unit="s",
    description="Request duration.",
    explicit_bucket_boundaries_advisory=[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5],
)
for seconds in (0.004, 0.03, 0.3):
    attributes: dict[str, str | int] = {
        "http.route": "/items/{item_id}",
        "http.response.status_code": 200,
    }
    requests.add(1, attributes)
    duration.record(seconds, attributes)

for line in generate_latest(REGISTRY).decode().splitlines():
    if line.startswith(("shop_http_requests", "shop_http_request_duration_seconds_count")):
        print(line)
provider.shutdown()
