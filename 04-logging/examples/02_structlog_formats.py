"""The same events, rendered for a person (console) and for a machine (JSON lines).

Run: uv run python examples/02_structlog_formats.py console
     uv run python examples/02_structlog_formats.py json
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.contextvars import bound_contextvars

from applog import configure_logging, get_logger


def main() -> None:
    fmt = sys.argv[1] if len(sys.argv) > 1 else "console"
    if fmt not in ("console", "json"):
        sys.exit(f"usage: {sys.argv[0]} console|json")
    configure_logging(fmt="json" if fmt == "json" else "console", level="INFO")

    log = get_logger("shop.checkout")
    with bound_contextvars(request_id="req-42"):  # every line inside carries it
        log.info("cart.priced", items=3, total_cents=4200)
        log.debug("cart.detail", skus=["a", "b", "c"])  # below INFO: dropped early
        log.warning("coupon.rejected", code="SPRING", reason="expired")
        logging.getLogger("payments.sdk").info("charge %s accepted", "ch_1")  # a stdlib logger
        structlog.get_logger("shop.checkout").info("login", password="hunter2")  # redacted


if __name__ == "__main__":
    main()
