"""The HTTP entrypoint: the same service and error mapping as the CLI, behind FastAPI."""

from __future__ import annotations

import logging
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from notes.api.http import create_app
from notes.bootstrap import Settings
from notes.errors import StorageError
from notes.repositories import MemoryNoteRepository
from notes.services import Note, NoteService

NOTES_HTTP = Path(sys.executable).with_name("notes-http")
RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(tmp_path / "notes.sqlite3")))) as client:
        yield client


def test_create_list_and_complete(client: TestClient) -> None:
    created = client.post("/notes", json={"text": " buy milk "})
    assert created.status_code == 201
    assert created.json() == {"id": 1, "text": "buy milk", "done": False}
    assert client.post("/notes/1/done").json() == {"id": 1, "text": "buy milk", "done": True}
    assert client.get("/notes", params={"pending": "true"}).json() == []


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        pytest.param("POST", "/notes", {"text": "   "}, 422, id="invalid-note"),
        pytest.param("POST", "/notes", {}, 422, id="missing-field"),
        pytest.param("POST", "/notes/99/done", None, 404, id="unknown-id"),
        pytest.param("POST", "/notes/abc/done", None, 422, id="id-not-an-integer"),
    ],
)
def test_bad_requests_get_4xx_and_store_nothing(
    client: TestClient, method: str, path: str, body: object, status: int
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == status
    assert "detail" in response.json()
    assert client.get("/notes").json() == []


def test_storage_failure_is_503_logged_with_its_cause_and_request_id_and_not_leaked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "notes.sqlite3"
    with TestClient(create_app(Settings(db=str(db)))) as client:
        with closing(sqlite3.connect(db)) as other:
            other.execute("DROP TABLE notes")  # someone else broke the database under us
        with caplog.at_level(logging.ERROR, logger="notes.api.http"):
            response = client.get("/notes", headers={"X-Request-ID": "req-503"})
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] == "req-503"
    assert "no such table" not in response.text  # driver details stay in the log
    [record] = [r for r in caplog.records if r.name == "notes.api.http"]
    assert record.request_id == "req-503"  # type: ignore[attr-defined]  # set by extra=
    assert record.exc_info is not None
    error = record.exc_info[1]
    assert isinstance(error, StorageError)
    assert isinstance(error.__cause__, sqlite3.OperationalError)


class ExplodingRepository(MemoryNoteRepository):
    """A bug below the service: every read raises something no handler expects."""

    def all(self) -> list[Note]:
        raise ZeroDivisionError("a bug")


def test_unexpected_error_is_500_logged_with_traceback_and_a_generated_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with TestClient(create_app(Settings(db=":memory:"))) as client:
        client.app.state.service = NoteService(ExplodingRepository())  # type: ignore[attr-defined]  # Starlette types app as ASGIApp
        with caplog.at_level(logging.ERROR, logger="notes.api.http"):
            response = client.get("/notes", headers={"X-Request-ID": "spaces and <tags>"})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # the untidy client id was replaced
    [record] = [r for r in caplog.records if r.name == "notes.api.http"]
    assert record.request_id == request_id  # type: ignore[attr-defined]  # set by extra=
    assert record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError


def test_invalid_note_422_has_the_same_shape_as_a_validation_error(client: TestClient) -> None:
    ours = client.post("/notes", json={"text": "   "}).json()["detail"]
    fastapis = client.post("/notes", json={}).json()["detail"]
    assert isinstance(ours, list)
    assert isinstance(fastapis, list)
    assert {"type", "loc", "msg"} <= set(ours[0])
    assert {"type", "loc", "msg"} <= set(fastapis[0])


@pytest.mark.parametrize(
    ("method", "path", "status", "prepare"),
    [
        pytest.param("post", "/notes", 201, None, id="created"),
        pytest.param("post", "/notes", 422, "blank", id="invalid-note"),
        pytest.param("post", "/notes/{note_id}/done", 404, "unknown", id="not-found"),
        pytest.param("get", "/notes", 503, "drop-table", id="storage-down"),
        pytest.param("get", "/notes", 500, "bug", id="bug"),
    ],
)
def test_every_status_a_route_returns_is_in_its_openapi_responses(
    tmp_path: Path, method: str, path: str, status: int, prepare: str | None
) -> None:
    """Provoke each status for real, then find it under that route in the schema."""
    db = tmp_path / "notes.sqlite3"
    with TestClient(create_app(Settings(db=str(db)))) as client:
        body: dict[str, str] | None = {"text": "   " if prepare == "blank" else "x"}
        if method == "get":
            body = None
        if prepare == "drop-table":
            with closing(sqlite3.connect(db)) as other:
                other.execute("DROP TABLE notes")
        if prepare == "bug":
            client.app.state.service = NoteService(ExplodingRepository())  # type: ignore[attr-defined]  # Starlette types app as ASGIApp
        url = path.format(note_id=99)
        response = client.request(method.upper(), url, json=body)
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        responses = client.app.openapi()["paths"][path][method]["responses"]  # type: ignore[attr-defined]  # Starlette types app as ASGIApp
    assert str(status) in responses


def test_database_opens_at_startup_not_at_create_app(tmp_path: Path) -> None:
    db = tmp_path / "lazy.sqlite3"
    app = create_app(Settings(db=str(db)))
    assert not db.exists()
    with TestClient(app):
        assert db.exists()


@pytest.mark.parametrize(
    ("signum", "returncode"),
    [
        # Ctrl-C: uvicorn drains, then re-raises SIGINT with the default handler that
        # main() put back, so the process ends *by* SIGINT (-2 here, 130 in a shell).
        pytest.param(signal.SIGINT, -signal.SIGINT, id="ctrl-c-ends-by-sigint"),
        # SIGTERM, what an orchestrator sends: drain, then exit 0.
        pytest.param(signal.SIGTERM, 0, id="sigterm-drains-and-exits-0"),
    ],
)
def test_notes_http_command_serves_and_stops_quietly_on_a_real_signal(
    tmp_path: Path, signum: signal.Signals, returncode: int
) -> None:
    """`notes-http --port 0` picks a free port, serves, and stops with no traceback."""
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DB"}
    with subprocess.Popen(
        [str(NOTES_HTTP), "--port", "0", "--db", str(tmp_path / "notes.sqlite3")],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as server:
        lines: queue.Queue[str] = queue.Queue()
        stderr = server.stderr
        assert stderr is not None

        def pump() -> None:
            for line in stderr:
                lines.put(line)

        reader = threading.Thread(target=pump)
        reader.start()
        try:
            url = None
            while url is None:
                match = RUNNING.search(lines.get(timeout=30))  # queue.Empty bounds a hang
                url = match.group(1) if match else None
            with httpx2.Client(base_url=url, timeout=10) as http:
                assert http.post("/notes", json={"text": "over http"}).status_code == 201
                assert http.get("/notes").json() == [{"id": 1, "text": "over http", "done": False}]
            server.send_signal(signum)
            assert server.wait(timeout=30) == returncode
        finally:
            if server.poll() is None:
                server.kill()
            reader.join(timeout=30)
    rest = "".join(lines.queue)
    assert "Application shutdown complete" in rest  # the lifespan closed the database
    assert "Traceback" not in rest


def test_notes_http_exits_69_when_its_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(NOTES_HTTP), "--port", str(port), "--db", str(tmp_path / "n.sqlite3")],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 69
    assert "address already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_notes_http_exits_69_with_one_line_when_the_database_cannot_be_opened(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    done = subprocess.run(
        [str(NOTES_HTTP), "--port", "0", "--db", str(blocker / "notes.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 69
    assert done.stderr.startswith("notes-http: error: cannot open the notes database")
    assert len(done.stderr.splitlines()) == 1
