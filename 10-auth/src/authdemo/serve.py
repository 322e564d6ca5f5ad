"""`authdemo-serve`: run the app on uvicorn, configured from `AUTHDEMO_*` variables.

Exit status (the course's table): 0 after SIGTERM and a drain; 2 for a bad command line;
69 if the server could not start (the port is taken, the database cannot be opened);
78 for bad configuration, one line per bad variable, before anything is bound; and Ctrl-C
(SIGINT) drains the same way, then ends the process *by* SIGINT, with no traceback.
"""

from __future__ import annotations

import argparse
import copy
import logging.config
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from authdemo._settings import load_settings
from authdemo.app import build_keys, create_app
from authdemo.errors import ConfigError

EX_UNAVAILABLE = 69
EX_CONFIG = 78


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
    # uvicorn drains, restores the handler it found and re-raises the signal it caught
    # (see lesson 08): a drained SIGTERM exits 0 instead of dying with -15.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.config.dictConfig(log_config())  # uvicorn.Config sets it again; keys log first
    try:
        settings = load_settings()
        keys = build_keys(settings)
    except ConfigError as exc:
        for name, message in exc.problems:
            print(f"authdemo-serve: {name}: {message}", file=sys.stderr)
        return EX_CONFIG
    config = uvicorn.Config(
        create_app(settings, keys),
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=20,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    # The re-raised SIGINT then ends the process by the signal (a calling shell sees 130
    # and stops), instead of a KeyboardInterrupt traceback from Python's default handler.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        if server.started:
            raise
        # uvicorn exits 1 when it cannot bind; it has logged why
    if not server.started:
        print("authdemo-serve: could not start (see above)", file=sys.stderr)
        return EX_UNAVAILABLE
    return 0


if __name__ == "__main__":
    sys.exit(main())
