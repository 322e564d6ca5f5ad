"""`applog-serve`: run the service under uvicorn with this package's logging.

Logging is configured here, once, before uvicorn starts; uvicorn is told `log_config=None`
so it does not install its own handlers and formatters, and its records (start-up, errors)
come out through ours as the same JSON. Its access log is off: the middleware's
request.finished line carries more (request_id, status, duration) in the same format.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from types import FrameType

import structlog
import uvicorn
from pydantic import ValidationError

from applog._config import LogSettings, configure_logging
from applog.app import create_app

log = structlog.stdlib.get_logger(__name__)

EX_CONFIG = 78  # sysexits.h: the configuration is invalid; retrying will not help


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn swaps in its own handler while serving; when it has drained it restores this one
    # and re-raises the SIGTERM it caught. An orchestrator's stop, cleanly done, is exit 0.
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="applog-serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING"])
    args = parser.parse_args(argv)

    try:
        settings = LogSettings()
    except ValidationError as exc:
        # Every bad variable named, one line each, no traceback, nothing bound: exit 78.
        for error in exc.errors():
            variable = str(error["loc"][0]).upper()
            print(f"applog-serve: {variable}: {error['msg']}", file=sys.stderr)
        return EX_CONFIG
    fmt = settings.format_for(sys.stdout)
    configure_logging(fmt=fmt, level=args.log_level)
    # Binding the socket ourselves lets port 0 work and lets us log the real port as a field.
    # create_server sets SO_REUSEADDR, listens (connections queue from now on, so 'listening'
    # is true when logged) and closes the socket if any step fails.
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        sock = socket.create_server((args.host, args.port), family=family, backlog=128)
    except OSError as exc:
        log.error("server.bind_failed", host=args.host, port=args.port, error=str(exc))
        return 1
    port = sock.getsockname()[1]

    config = uvicorn.Config(
        create_app(),
        log_config=None,
        access_log=False,
        lifespan="off",
        log_level=logging.getLevelName(logging.getLogger().level).lower(),
    )
    server = uvicorn.Server(config)
    log.info("server.listening", host=args.host, port=port)
    # On SIGTERM and SIGINT alike uvicorn drains in-flight requests, logs "Finished server
    # process", restores the handlers it found and re-raises the signal. So: SIGTERM (the
    # orchestrator's stop) ends in _exit_zero_after_drain, exit 0; SIGINT (Ctrl-C) meets
    # SIG_DFL and the process dies *by* SIGINT, as a shell expects, with no KeyboardInterrupt
    # traceback printed from wherever the main thread happened to be.
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
