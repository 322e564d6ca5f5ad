"""shopwatch: a small shop service you can operate: RED metrics, traces, logs joined to traces.

The shop (`app.py`) reads stock from Redis and asks a second process, the pricing service
(`pricing.py`), for a price over HTTP; `messaging.py` carries the same trace over RabbitMQ.
"""

from shopwatch.app import create_app
from shopwatch.logs import add_trace_ids, configure_logging
from shopwatch.metrics import HttpMetrics, render_metrics
from shopwatch.offload import run_blocking
from shopwatch.pricing import create_pricing_app
from shopwatch.settings import Settings, load_settings
from shopwatch.tracing import make_tracer_provider, record_failure

__all__ = [
    "HttpMetrics",
    "Settings",
    "add_trace_ids",
    "configure_logging",
    "create_app",
    "create_pricing_app",
    "load_settings",
    "make_tracer_provider",
    "record_failure",
    "render_metrics",
    "run_blocking",
]
