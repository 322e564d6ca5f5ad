"""Liveness and readiness, against the real server process."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support import DEAD_DATABASE, Server, environment, running_server


@pytest.fixture(scope="module")
def dead_database_server() -> Iterator[Server]:
    """One server for the tests that only ask it questions (each start costs half a second);
    the tests that signal a server (test_shutdown.py) start their own."""
    with running_server(environment(APP_DATABASE_URL=DEAD_DATABASE)) as server:
        yield server


def test_fixed_liveness_ignores_a_dead_database(dead_database_server: Server) -> None:
    """The database is down: the pod must leave the Service (readiness) but not be killed
    and restarted (liveness), or one outage restarts every pod at once."""
    server = dead_database_server
    ready = server.get("/readyz")
    assert (ready.status_code, ready.json()) == (503, {"status": "database unreachable"})
    assert server.get("/livez").status_code == 200


def test_readyz_is_200_when_the_database_answers(postgres_url: str) -> None:
    with running_server(environment(APP_DATABASE_URL=postgres_url)) as server:
        ready = server.get("/readyz")
        assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


@pytest.mark.parametrize("path", ["/livez", "/readyz"])
def test_probes_answer_json(path: str, dead_database_server: Server) -> None:
    answer = dead_database_server.get(path)
    assert answer.headers["content-type"] == "application/json"
    assert isinstance(answer.json(), dict)
    with pytest.raises(httpx.HTTPStatusError):
        dead_database_server.get("/nope").raise_for_status()
