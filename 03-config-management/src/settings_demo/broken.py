"""The signer service, done the common wrong way: settings read lazily inside the handler.

    settings-demo-broken

It starts "fine" whatever the environment holds, answers its health check, and fails on the
first real request. Kept as the lesson's "Break it" lab; do not copy it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any, ClassVar

from settings_demo._http import JsonHandler, Route, Server, serve
from settings_demo._signing import sign_link
from settings_demo.errors import EXIT_OK


def sign(query: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
    path = query.get("path", [""])[0]
    # The bug: configuration read here, on every request, long after startup said "ready".
    key = os.environ["SIGNER_SIGNING_KEY"].encode()  # KeyError when unset
    base_url = os.environ["SIGNER_LINKS__BASE_URL"]  # KeyError when unset, never validated
    ttl = timedelta(seconds=int(os.getenv("SIGNER_LINKS__TTL", "900")))  # "PT15M" -> ValueError
    return HTTPStatus.OK, {"url": sign_link(base_url, path, key, ttl, datetime.now(UTC))}


def healthz(_: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
    return HTTPStatus.OK, {"status": "ok"}


class Handler(JsonHandler):
    routes: ClassVar[Mapping[str, Route]] = {"/sign": sign, "/healthz": healthz}


def main() -> int:
    logging.basicConfig(level="INFO", stream=sys.stderr)
    port = int(os.getenv("SIGNER_HTTP__PORT", "8000"))
    server = Server(("127.0.0.1", port), Handler)
    bound = server.server_address[1]
    serve(server, lambda: print(f"listening on http://127.0.0.1:{bound}", flush=True))
    return EXIT_OK
