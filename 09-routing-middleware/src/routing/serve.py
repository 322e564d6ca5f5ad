"""`routing-serve`: run the app on uvicorn, with our request log as the access log.

Settings come from the environment (`ROUTING_API_KEYS=alice:KEY,...` and the other
`ROUTING_*` variables in `routing._settings`). The nearest CLI line is

    uvicorn routing.app:create_app --factory --no-access-log

but uvicorn's default log config has no handler for our `routing` logger, so the request
lines would be dropped; `log_config()` adds one. uvicorn's own access log is off:
`RequestLogMiddleware` writes one line per request with the request ID, which uvicorn's cannot.
"""

from __future__ import annotations

import argparse
import copy
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="routing-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    return parser


def log_config() -> dict[str, Any]:
    """uvicorn's logging config, plus our `routing` loggers on the same stderr handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["routing"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises SIGTERM after draining (lesson 08): make a drained stop exit 0.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = uvicorn.Config(
        "routing.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=20,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 3


if __name__ == "__main__":
    sys.exit(main())
