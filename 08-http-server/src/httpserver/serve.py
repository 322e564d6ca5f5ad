"""`httpserver-serve`: run the app on uvicorn programmatically, with production limits.

The same server from the CLI is:

    uvicorn httpserver.app:create_app --factory --timeout-graceful-shutdown 20 \
        --limit-concurrency 100 --timeout-keep-alive 5

Running it from Python lets us own two things the CLI cannot: the log setup of our own
logger, and the exit status after a graceful SIGTERM (see `_exit_zero_after_drain`).
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

# Kubernetes sends SIGTERM, waits terminationGracePeriodSeconds (default 30 s), then SIGKILL.
# Our bound must end before that, leaving time for the lifespan shutdown after it.
DEFAULT_GRACEFUL_SECONDS = 20


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="httpserver-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument(
        "--graceful-timeout",
        type=int,
        default=DEFAULT_GRACEFUL_SECONDS,
        help="seconds to let in-flight requests finish after SIGTERM (default %(default)s)",
    )
    parser.add_argument(
        "--limit-concurrency",
        type=int,
        default=100,
        help="answer 503 when this many connections are open (default %(default)s)",
    )
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=5,
        help="close an idle keep-alive connection after this many seconds (default %(default)s)",
    )
    return parser


def log_config() -> dict[str, Any]:
    """uvicorn's own logging config, plus our `httpserver` logger on the same stderr handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["httpserver"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn swaps in its own handler while serving, and when it has drained it restores
    # this one and re-raises the signal it caught. Without a handler here the re-raised
    # SIGTERM would kill the process (status -15, shell 143) after a perfectly clean
    # shutdown; with it, a drained shutdown exits 0.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = uvicorn.Config(
        "httpserver.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=args.graceful_timeout,
        limit_concurrency=args.limit_concurrency,
        timeout_keep_alive=args.keep_alive,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    server = uvicorn.Server(config)
    server.run()
    # uvicorn returns normally when startup failed (for example, the port is taken).
    return 0 if server.started else 3


if __name__ == "__main__":
    sys.exit(main())
