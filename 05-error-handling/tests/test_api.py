"""The HTTP edge: the same table gives the status codes; bodies carry a stable error code."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.api import create_app
from accounts.errors import (
    DuplicateError,
    InvalidAccountError,
    NotFoundError,
    StoreUnavailableError,
)
from accounts.outcomes import OUTCOMES


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path)) as client:
        yield client


def test_create_then_get(client: TestClient) -> None:
    created = client.post("/accounts", json={"email": "ada@example.com", "name": "Ada"})
    assert created.status_code == 201
    account = created.json()
    got = client.get(f"/accounts/{account['id']}")
    assert got.status_code == 200
    assert got.json() == account


def test_unknown_id_is_404_with_code_not_found(client: TestClient) -> None:
    response = client.get("/accounts/99")
    assert response.status_code == OUTCOMES[NotFoundError].http_status == 404
    assert response.json()["error"] == "not_found"


def test_duplicate_is_409_and_the_database_text_is_not_leaked(client: TestClient) -> None:
    client.post("/accounts", json={"email": "ada@example.com", "name": "Ada"})
    response = client.post("/accounts", json={"email": "Ada@Example.com", "name": "Ada"})
    assert response.status_code == OUTCOMES[DuplicateError].http_status == 409
    body = response.json()
    assert body["error"] == "duplicate"
    assert "sqlite" not in response.text.lower()  # the cause is for logs, not for clients


def test_change_email_to_a_taken_one_is_409_not_404(client: TestClient) -> None:
    client.post("/accounts", json={"email": "ada@example.com", "name": "Ada"})
    bob = client.post("/accounts", json={"email": "bob@example.com", "name": "Bob"}).json()
    response = client.patch(f"/accounts/{bob['id']}", json={"email": "ada@example.com"})
    assert response.status_code == 409
    missing = client.patch("/accounts/999", json={"email": "new@example.com"})
    assert missing.status_code == 404


def test_every_invalid_field_is_reported_in_one_422(client: TestClient) -> None:
    response = client.post("/accounts", json={"email": "nope", "name": " "})
    assert response.status_code == OUTCOMES[InvalidAccountError].http_status == 422
    body = response.json()
    assert body["error"] == "invalid"
    assert sorted(body["fields"]) == ["email", "name"]


def test_a_busy_store_is_503_with_retry_after(db_path: Path, locked: sqlite3.Connection) -> None:
    with TestClient(create_app(db_path, busy_timeout=0)) as impatient:
        response = impatient.get("/accounts/1")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"] == "unavailable"


def test_an_unexpected_error_is_a_plain_500_without_details(tmp_path: Path) -> None:
    not_a_db = tmp_path / "junk.sqlite3"
    not_a_db.write_text("this is not a database" * 100)
    with TestClient(create_app(not_a_db), raise_server_exceptions=False) as client:
        response = client.get("/accounts/1")
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
    assert "sqlite" not in response.text.lower()


def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "accounts.api" and r.levelno >= logging.ERROR]


def test_a_500_is_logged_once_with_its_exception_and_the_request_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The client sees only an ID; the log line with that ID holds the whole traceback."""
    not_a_db = tmp_path / "junk.sqlite3"
    not_a_db.write_text("this is not a database" * 100)
    with TestClient(create_app(not_a_db)) as client:
        response = client.get("/accounts/1", headers={"X-Request-ID": "req-500"})
    assert (response.status_code, response.headers["x-request-id"]) == (500, "req-500")
    (record,) = failures(caplog)
    assert record.__dict__["request_id"] == "req-500"
    assert record.exc_info is not None
    assert type(record.exc_info[1]) is sqlite3.DatabaseError


def test_a_503_is_logged_with_the_cause_and_the_request_id(
    db_path: Path, locked: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(create_app(db_path, busy_timeout=0)) as impatient:
        response = impatient.get("/accounts/1")
    assert response.status_code == 503
    (record,) = failures(caplog)
    assert record.__dict__["request_id"] == response.headers["x-request-id"]  # a fresh one
    assert record.exc_info is not None
    logged = record.exc_info[1]
    assert isinstance(logged, StoreUnavailableError)
    assert isinstance(logged.__cause__, sqlite3.OperationalError)


def test_client_errors_are_not_logged_as_failures(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert client.get("/accounts/99").status_code == 404
    assert client.post("/accounts", json={"email": "x"}).status_code == 422
    assert failures(caplog) == []


def test_a_body_that_is_not_utf8_is_a_documented_400(client: TestClient) -> None:
    response = client.post(
        "/accounts",
        content=b'{"email": "\xff", "name": "Ada"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    documented = client.get("/openapi.json").json()["paths"]["/accounts"]["post"]["responses"]
    assert "400" in documented


def test_an_unsafe_request_id_is_replaced(client: TestClient) -> None:
    response = client.get("/accounts/99", headers={"X-Request-ID": 'x" level=critical'})
    assert len(response.headers["x-request-id"]) == 32  # a fresh uuid4 hex


def test_an_id_too_large_for_sqlite_is_a_422_not_a_500(client: TestClient) -> None:
    assert client.get(f"/accounts/{2**63}").status_code == 422
