"""`deployable-serve`: run the service on uvicorn, the way a container's PID 1 should.

On SIGTERM (what `podman stop` and the kubelet send) it:
1. flips readiness: `/readyz` answers 503 at once, so load balancers stop sending traffic;
2. keeps serving for `APP_DRAIN_SECONDS` while they notice (a second SIGTERM ends the pause);
3. lets uvicorn drain the requests in flight, for at most `APP_GRACEFUL_SECONDS`;
4. exits 0.

Exit status: 0 drained after SIGTERM; 2 bad option; 69 could not listen; 78 bad APP_*
configuration (every bad variable named); killed by SIGINT after draining on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from deployable._settings import settings_or_exit
from deployable.app import create_app
from deployable.lifecycle import Lifecycle

log = logging.getLogger("deployable")
EXIT_UNAVAILABLE = 69


class DrainingServer(uvicorn.Server):
    """uvicorn's server, with readiness flipped and a pause before the drain on SIGTERM."""

    def __init__(self, config: uvicorn.Config, lifecycle: Lifecycle, drain_seconds: float):
        super().__init__(config)
        self.lifecycle = lifecycle
        self.drain_seconds = drain_seconds
        self._pause: asyncio.TimerHandle | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # A signal handler runs between two bytecodes of whatever the main thread was doing,
        # a write to stderr included: logging from here can fail ("reentrant call"). So it
        # only flips readiness (a plain flag) and hands the rest to the event loop.
        self.lifecycle.start_draining()
        asyncio.get_running_loop().call_soon_threadsafe(self._stop, sig, frame)

    def _stop(self, sig: int, frame: FrameType | None) -> None:
        first = not self.should_exit and self._pause is None
        if first:
            log.info("shutdown started: /readyz now answers 503")
        if sig == signal.SIGTERM and first and self.drain_seconds > 0:
            # Keep accepting while the readiness failure propagates; then stop as usual.
            log.info("keeps serving for %g s while load balancers notice", self.drain_seconds)
            loop = asyncio.get_running_loop()
            self._pause = loop.call_later(self.drain_seconds, super().handle_exit, sig, frame)
            return
        if self._pause is not None:
            self._pause.cancel()  # a second signal: stop waiting, drain now
        super().handle_exit(sig, frame)


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
    parser = argparse.ArgumentParser(prog="deployable-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port")
    return parser


def log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["deployable"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the SIGTERM it caught once it has drained; exit 0 instead of dying.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_or_exit("deployable-serve")
    lifecycle = Lifecycle()
    config = uvicorn.Config(
        create_app(settings, lifecycle),
        host=args.host,
        port=args.port,
        timeout_graceful_shutdown=settings.graceful_seconds,
        log_config=log_config(),
        access_log=False,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = DrainingServer(config, lifecycle, settings.drain_seconds)
    try:
        server.run()
    except SystemExit as exc:
        if not server.started:
            print(f"deployable-serve: cannot listen on {args.host}:{args.port}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
