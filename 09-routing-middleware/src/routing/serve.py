"""`routing-serve`: run the app on uvicorn, with our request log as the access log.

Settings come from the environment (`ROUTING_API_KEYS=alice:KEY,...` and the other
`ROUTING_*` variables in `routing._settings`), read before uvicorn starts: a bad one is a
line on stderr and exit 78. The nearest CLI line is

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

from routing._settings import ConfigError, load_settings
from routing.app import build_app

EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the port could not be had
EXIT_CONFIG = 78  # EX_CONFIG: a ROUTING_* variable is invalid


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
    try:
        settings = load_settings()
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"routing-serve: {problem}", file=sys.stderr)
        return EXIT_CONFIG  # before anything is bound
    config = uvicorn.Config(
        build_app(settings),
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=20,
        log_config=log_config(),
        access_log=False,
    )
    # uvicorn drains on SIGINT and SIGTERM alike, then puts back the handler it found and
    # raises the signal again. SIGTERM (the orchestrator's stop): exit 0. SIGINT (Ctrl-C):
    # with the default handler back, the re-raised signal ends the process *by* SIGINT, as
    # the course's exit table says, instead of a KeyboardInterrupt traceback from Python's
    # own handler.
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        # uvicorn exits 3 when it cannot bind (the port is taken): the table's 69, worth
        # retrying later. After serving, this is our own SystemExit(0) from SIGTERM.
        if not server.started:
            return EXIT_UNAVAILABLE
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
