"""The HTTP entrypoint: the same service and error mapping as the CLI, behind FastAPI."""

from __future__ import annotations

import logging
import os
import queue
import re
import signal
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


def test_storage_failure_is_503_logged_with_its_cause_and_not_leaked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "notes.sqlite3"
    with TestClient(create_app(Settings(db=str(db)))) as client:
        with closing(sqlite3.connect(db)) as other:
            other.execute("DROP TABLE notes")  # someone else broke the database under us
        with caplog.at_level(logging.ERROR, logger="notes.api.http"):
            response = client.get("/notes")
    assert response.status_code == 503
    assert "no such table" not in response.text  # driver details stay in the log
    [record] = [r for r in caplog.records if r.name == "notes.api.http"]
    assert record.exc_info is not None
    error = record.exc_info[1]
    assert isinstance(error, StorageError)
    assert isinstance(error.__cause__, sqlite3.OperationalError)


def test_database_opens_at_startup_not_at_create_app(tmp_path: Path) -> None:
    db = tmp_path / "lazy.sqlite3"
    app = create_app(Settings(db=str(db)))
    assert not db.exists()
    with TestClient(app):
        assert db.exists()


@pytest.mark.parametrize(
    ("signum", "returncode"),
    [
        pytest.param(signal.SIGINT, 0, id="ctrl-c-exits-0"),
        # uvicorn 0.54 drains, then re-raises SIGTERM with the default handler restored:
        # the process dies "by SIGTERM" (-15 here, 143 in a shell) after a clean shutdown.
        pytest.param(signal.SIGTERM, -signal.SIGTERM, id="sigterm-exits-by-the-signal"),
    ],
)
def test_notes_http_command_serves_and_stops_on_signal(
    tmp_path: Path, signum: signal.Signals, returncode: int
) -> None:
    """`notes-http --port 0` picks a free port, serves, and shuts down on SIGINT or SIGTERM."""
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
