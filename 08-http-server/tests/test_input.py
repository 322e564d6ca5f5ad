"""Bad input gets a 4xx with a body that says what is wrong, never a 500.

Against a real `httpserver-serve` process over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2 as httpx
import pytest

from tests.procs import DEADLINE, Server, serve

LIMIT = 1024


@pytest.fixture(scope="module")
def api() -> Iterator[httpx.Client]:
    running: Server = serve(None, HTTPSERVER_MAX_BODY_BYTES=str(LIMIT))
    try:
        with httpx.Client(base_url=running.url, timeout=DEADLINE) as client:
            yield client
    finally:
        running.close()


def test_created_note_can_be_read_back(api: httpx.Client) -> None:
    created = api.post("/notes", json={"title": "lifespan", "body": "opens the store"})
    assert created.status_code == 201
    note = created.json()
    assert api.get(f"/notes/{note['id']}").json() == note


def test_missing_note_is_404(api: httpx.Client) -> None:
    assert api.get("/notes/999999").status_code == 404


def test_malformed_json_is_422_naming_the_json_error(api: httpx.Client) -> None:
    response = api.post(
        "/notes", content=b'{"title": "x",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_wrong_types_are_422_naming_the_field(api: httpx.Client) -> None:
    response = api.post("/notes", json={"title": ["not", "a", "string"]})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "title"]
    assert error["type"] == "string_type"


def test_unknown_field_is_422_not_silently_dropped(api: httpx.Client) -> None:
    response = api.post("/notes", json={"title": "x", "colour": "red"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


def test_non_integer_path_parameter_is_422(api: httpx.Client) -> None:
    assert api.get("/notes/abc").status_code == 422


def test_huge_path_integer_is_422_not_a_database_overflow(api: httpx.Client) -> None:
    """SQLite integers are 64-bit: without `le=2**63 - 1` this is an OverflowError, a 500."""
    assert api.get(f"/notes/{2**64}").status_code == 422


def test_declared_oversized_body_is_413_before_it_is_read(api: httpx.Client) -> None:
    response = api.post(
        "/notes",
        content=b"x" * (LIMIT + 1),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["detail"][0]["limit"] == LIMIT
    assert response.headers["connection"] == "close"


def test_chunked_oversized_body_is_413_too(api: httpx.Client) -> None:
    """No Content-Length (a generator body is sent chunked): the middleware counts bytes."""

    def chunks() -> Iterator[bytes]:
        for _ in range(4):
            yield b"y" * (LIMIT // 2)

    response = api.post("/notes", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


def test_body_at_the_limit_is_accepted(api: httpx.Client) -> None:
    padding = LIMIT - len(b'{"title": "t", "body": ""}')
    body = b'{"title": "t", "body": "' + b"z" * padding + b'"}'
    assert len(body) == LIMIT
    response = api.post("/notes", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 201


def test_lab_route_is_absent_without_a_gate_dir(api: httpx.Client) -> None:
    assert api.post("/lab/slow/x").status_code == 404


def test_body_that_is_not_utf8_is_400_as_the_schema_says(api: httpx.Client) -> None:
    response = api.post(
        "/notes", content=b'{"title": "\xff"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert "400" in api.get("/openapi.json").json()["paths"]["/notes"]["post"]["responses"]
