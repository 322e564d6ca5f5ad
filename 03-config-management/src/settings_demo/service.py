"""The signer service, done right: validate every setting, then bind, then serve.

    settings-demo-serve [--env-file PATH | --no-env-file] [--check-config]

Exit codes are documented in ``settings_demo.errors``: 0 stopped by SIGTERM, 2 usage,
69 port unavailable, 78 invalid configuration (nothing was bound); Ctrl-C ends it by SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar

from settings_demo._http import JsonHandler, Route, Server, serve
from settings_demo._loading import DEFAULT_ENV_FILE, load_settings
from settings_demo._settings import Settings
from settings_demo._signing import sign_link
from settings_demo.errors import EXIT_CONFIG, EXIT_OK, EXIT_UNAVAILABLE, ConfigError

log = logging.getLogger("signer")


def make_server(settings: Settings) -> Server:
    """Bind the listening socket. Everything the handlers need is already validated."""
    key = settings.signing_key.get_secret_value().encode()
    base_url = str(settings.links.base_url)
    ttl = settings.links.ttl

    def sign(query: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
        path = query.get("path", [""])[0]
        if not path.startswith("/"):
            return HTTPStatus.BAD_REQUEST, {"error": "query parameter 'path' must start with /"}
        return HTTPStatus.OK, {"url": sign_link(base_url, path, key, ttl, datetime.now(UTC))}

    def healthz(_: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
        return HTTPStatus.OK, {"status": "ok", "env": settings.env.value}

    def config(_: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
        # mode="json" renders SecretStr as "**********": safe to expose to operators.
        return HTTPStatus.OK, settings.model_dump(mode="json")

    class Handler(JsonHandler):
        routes: ClassVar[Mapping[str, Route]] = {
            "/sign": sign,
            "/healthz": healthz,
            "/config": config,
        }
        timeout = settings.http.request_timeout.total_seconds()  # per-connection socket timeout

    return Server((settings.http.host, settings.http.port), Handler)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="settings-demo-serve", description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--env-file", type=Path, default=DEFAULT_ENV_FILE, help="dotenv file (default: .env)"
    )
    source.add_argument(
        "--no-env-file", dest="env_file", action="store_const", const=None, help="read no .env"
    )
    parser.add_argument(
        "--check-config",
        action="store_true",
        help="validate, print the effective settings (secrets redacted) and exit",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # 1. Validate everything, before anything else happens.
    try:
        settings = load_settings(env_file=args.env_file)
    except ConfigError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_CONFIG
    if args.check_config:
        print(settings.model_dump_json(indent=2))
        return EXIT_OK
    logging.basicConfig(
        level=settings.log_level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    log.info("starting with %r", settings)  # safe: SecretStr's repr is '**********'
    # 2. Only now bind the port.
    try:
        server = make_server(settings)
    except OSError as exc:
        print(
            f"signer: cannot listen on {settings.http.host}:{settings.http.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE
    host, port = server.server_address[:2]

    def announce() -> None:
        # 3. The ready line: a supervisor or test reads the real port (port 0 -> a free port).
        print(f"listening on http://{host!s}:{port}", flush=True)

    serve(server, announce)
    return EXIT_OK
