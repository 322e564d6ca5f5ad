"""The HTTP edge: the same table gives the status codes; bodies carry a stable error code."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.api import create_app
from accounts.errors import DuplicateError, InvalidAccountError, NotFoundError
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
    assert "sqlite" not in response.text.lower()
