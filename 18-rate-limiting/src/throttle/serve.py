"""`throttle-serve`: run the app on uvicorn, with settings checked before anything starts.

Exit status: 0 drained after SIGTERM; 2 bad option; 69 could not listen (port taken);
78 bad THROTTLE_* variable (each one named, no traceback); killed by SIGINT after Ctrl-C.

`proxy_headers=False`: uvicorn would otherwise rewrite the client address from
`X-Forwarded-For` itself whenever the peer is in `forwarded_allow_ips` (default 127.0.0.1),
before our own trusted-proxy logic (`throttle.client_ip`) sees the real peer.

uvicorn's default log config has no handler for our `throttle` logger, so the limiter's own
lines ("rate limiter down, ... fails open") would reach only Python's last-resort handler,
without level or format, and anything below WARNING would be dropped: `log_config()` puts the
`throttle` logger on uvicorn's stderr handler (lesson 08's serve.py).
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

from throttle.app import create_app
from throttle.settings import Settings, config_problems

EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


def log_config() -> dict[str, Any]:
    """uvicorn's own logging config, plus our `throttle` logger on the same stderr handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["throttle"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn restores this handler after its drain and re-raises SIGTERM: exit 0, not -15.
    raise SystemExit(0)


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="throttle-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print("throttle-serve: refusing to start, invalid settings:", file=sys.stderr)
        for problem in config_problems(exc):
            print(f"  {problem}", file=sys.stderr)
        return EXIT_CONFIG
    config = uvicorn.Config(
        create_app(settings),
        host=args.host,
        port=args.port,
        proxy_headers=False,
        timeout_graceful_shutdown=20,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        if not server.started:
            return EXIT_UNAVAILABLE
        raise
    return 0 if server.started else EXIT_UNAVAILABLE


if __name__ == "__main__":
    sys.exit(main())
