"""`authdemo-serve`: run the app on uvicorn, configured from `AUTHDEMO_*` variables.

Equivalent CLI: `uvicorn authdemo.app:create_app --factory --timeout-graceful-shutdown 20`.
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
    parser = argparse.ArgumentParser(prog="authdemo-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    return parser


def log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["authdemo"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the SIGTERM it drained on (see lesson 08); exit 0 instead of -15.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = uvicorn.Config(
        "authdemo.app:create_app",
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
