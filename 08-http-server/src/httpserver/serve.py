"""`httpserver-serve`: run the app on uvicorn programmatically, with production limits.

The same server from the CLI is:

    uvicorn httpserver.app:create_app --factory --timeout-graceful-shutdown 20 \
        --limit-concurrency 100 --timeout-keep-alive 5

Running it from Python lets us own what the CLI cannot: settings that fail before anything
starts (exit 78, one line per bad variable, no traceback), the log setup of our own logger,
and how the process ends after a drain (SIGTERM: exit 0; Ctrl-C: by SIGINT, quietly).

Exit status: 0 drained after SIGTERM; 2 bad option; 69 could not listen (port taken);
78 bad HTTPSERVER_* variable; killed by SIGINT (shell 130) after draining on Ctrl-C.
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
from pydantic import ValidationError
from uvicorn.config import LOGGING_CONFIG

from httpserver._settings import Settings, config_problems
from httpserver.app import create_app

# Kubernetes sends SIGTERM, waits terminationGracePeriodSeconds (default 30 s), then SIGKILL.
# Our bound must end before that, leaving time for the lifespan shutdown after it.
DEFAULT_GRACEFUL_SECONDS = 20
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the port cannot be had; worth retrying later
EXIT_CONFIG = 78  # EX_CONFIG: fix the configuration; retrying will not help


def at_least_1(text: str) -> int:
    """An argparse type: a whole number >= 1 (0 would mean "do not wait", not "no limit")."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 to 65535 (0 picks a free one).

    Out of range is a usage error (exit 2, naming --port) before anything starts, not a
    traceback from `bind()` once the app is up.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="httpserver-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port")
    parser.add_argument(
        "--graceful-timeout",
        type=at_least_1,
        default=DEFAULT_GRACEFUL_SECONDS,
        help="seconds to let in-flight requests finish after SIGTERM (default %(default)s)",
    )
    parser.add_argument(
        "--limit-concurrency",
        type=at_least_1,
        default=100,
        help="answer 503 when this many connections are open (default %(default)s)",
    )
    parser.add_argument(
        "--keep-alive",
        type=at_least_1,
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
    try:
        settings = Settings()
    except ValidationError as exc:
        print("httpserver-serve: refusing to start, invalid settings:", file=sys.stderr)
        for problem in config_problems(exc):
            print(f"  {problem}", file=sys.stderr)
        return EXIT_CONFIG
    config = uvicorn.Config(
        create_app(settings),
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=args.graceful_timeout,
        limit_concurrency=args.limit_concurrency,
        timeout_keep_alive=args.keep_alive,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    # Ctrl-C: uvicorn drains as on SIGTERM, then re-raises SIGINT. With the default action
    # in place the process then dies by SIGINT (a calling shell sees 130 and stops), instead
    # of Python's KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        # uvicorn runs the lifespan startup, then binds; when the bind fails it runs the
        # lifespan shutdown and calls sys.exit(3). Our own SystemExit(0) after a drain
        # comes from a server that did start.
        if not server.started:
            return EXIT_UNAVAILABLE
        raise
    # uvicorn returns normally when the lifespan startup failed.
    return 0 if server.started else EXIT_UNAVAILABLE


if __name__ == "__main__":
    sys.exit(main())
