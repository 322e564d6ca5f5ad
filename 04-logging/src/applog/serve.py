"""`applog-serve`: run the service under uvicorn with this package's logging.

Logging is configured here, once, before uvicorn starts; uvicorn is told `log_config=None`
so it does not install its own handlers and formatters, and its records (start-up, errors)
come out through ours as the same JSON. Its access log is off: the middleware's
request.finished line carries more (request_id, status, duration) in the same format.
"""

from __future__ import annotations

import argparse
import logging
import socket

import structlog
import uvicorn

from applog._config import configure_logging, format_from_env
from applog.app import create_app

log = structlog.stdlib.get_logger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="applog-serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING"])
    args = parser.parse_args(argv)

    try:
        fmt = format_from_env()
    except ValueError as exc:
        parser.error(str(exc))  # exit 2, usage on stderr: a typo must not start a server
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
    # On SIGTERM/SIGINT uvicorn drains in-flight requests, logs "Finished server process",
    # then re-raises the signal, so the process ends the way its supervisor expects.
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
