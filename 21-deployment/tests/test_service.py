"""The service's own route, against a real Postgres and a real downstream HTTP server."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import DEAD_DATABASE, environment, run, running_server


class Upstream(ThreadingHTTPServer):
    daemon_threads = False
    seen_authorization: list[str | None]


class Greeter(BaseHTTPRequestHandler):
    server: Upstream

    def do_GET(self) -> None:
        self.server.seen_authorization.append(self.headers.get("Authorization"))
        name = parse_qs(urlsplit(self.path).query)["name"][0]
        body = json.dumps({"greeting": f"hello, {name}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream(("127.0.0.1", 0), Greeter)
    server.seen_authorization = []
    # shutdown() waits for serve_forever's next poll: every 0.5 s by default
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_migrate_then_hello_counts_visits_and_calls_the_downstream(
    schema_url: str, upstream: Upstream
) -> None:
    env = environment(
        APP_DATABASE_URL=schema_url,
        APP_UPSTREAM_URL=f"http://127.0.0.1:{upstream.server_address[1]}",
        APP_UPSTREAM_TOKEN="t0ken",
    )
    migrated = run([sys.executable, "-m", "deployable.migrate"], env)
    assert migrated.returncode == 0, migrated.stderr
    assert run([sys.executable, "-m", "deployable.migrate"], env).returncode == 0  # idempotent
    with running_server(env) as server:
        first = server.get("/hello/ada")
        second = server.get("/hello/ada")
    assert first.json() == {"greeting": "hello, ada", "visits": 1}
    assert second.json() == {"greeting": "hello, ada", "visits": 2}
    assert upstream.seen_authorization == ["Bearer t0ken", "Bearer t0ken"]


def test_a_failing_downstream_is_a_502(schema_url: str) -> None:
    env = environment(APP_DATABASE_URL=schema_url, APP_UPSTREAM_URL="http://127.0.0.1:9")
    assert run([sys.executable, "-m", "deployable.migrate"], env).returncode == 0
    with running_server(env) as server:
        answer = server.get("/hello/ada")
    assert (answer.status_code, answer.json()) == (502, {"detail": "upstream failed"})


def test_a_dead_database_is_a_503_for_hello_and_exit_69_for_migrate() -> None:
    env = environment(APP_DATABASE_URL=DEAD_DATABASE)
    migrated = run([sys.executable, "-m", "deployable.migrate"], env)
    assert migrated.returncode == 69
    assert "Traceback" not in migrated.stderr
    with running_server(env) as server:
        assert server.get("/hello/ada").status_code == 503
