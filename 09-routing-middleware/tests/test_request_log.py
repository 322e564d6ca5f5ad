"""Middleware 1: request IDs (accepted, replaced, generated, echoed) and the log line."""

from __future__ import annotations

import logging
import re

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from routing import RequestLogMiddleware, current_request_id
from routing.running import running
from tests.procs import DEADLINE
from tests.support import ALICE, client, make_app

ACCESS = "routing.access"
GENERATED = re.compile(r"[0-9a-f]{32}")


def records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ACCESS]


def test_a_valid_incoming_request_id_is_kept_and_echoed() -> None:
    response = client(make_app()).get("/healthz", headers={"X-Request-ID": "edge-7.a_B-9"})
    assert response.headers["x-request-id"] == "edge-7.a_B-9"


def test_a_missing_request_id_is_generated() -> None:
    response = client(make_app()).get("/healthz")
    assert GENERATED.fullmatch(response.headers["x-request-id"])


@pytest.mark.parametrize(
    "bad",
    [
        "has spaces in it",
        "status=200",  # would forge a field in our key=value log line
        "x" * 65,  # too long: a client must not put kilobytes into every log line
        "",
        "caf\u00e9",  # not ASCII
    ],
)
def test_a_malformed_request_id_is_replaced(bad: str) -> None:
    response = client(make_app()).get("/healthz", headers=[(b"X-Request-ID", bad.encode("utf-8"))])
    assert response.status_code == 200
    echoed = response.headers["x-request-id"]
    assert GENERATED.fullmatch(echoed)
    assert echoed != bad


def test_each_response_carries_a_different_generated_id() -> None:
    http = client(make_app())
    ids = {http.get("/healthz").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5


def test_one_line_per_request_with_method_path_status_duration_and_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    client(make_app()).get("/v1/items/1", headers={**ALICE, "X-Request-ID": "one-line"})
    (record,) = records(caplog)
    fields = vars(record)
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/v1/items/1", 200)
    assert fields["request_id"] == "one-line"
    assert fields["duration_ms"] >= 0
    assert record.getMessage().startswith("request method=GET path=/v1/items/1 status=200 ")


def test_a_percent_encoded_newline_cannot_forge_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    client(make_app()).get("/v1/%0Astatus=200%20request_id=forged", headers=ALICE)
    (record,) = records(caplog)
    message = record.getMessage()
    assert "\n" not in message
    assert " request_id=forged" not in message
    assert vars(record)["status"] == 404


def _app_with_a_route_that_fails() -> FastAPI:
    app = FastAPI(middleware=[Middleware(RequestLogMiddleware)])

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("the handler failed")

    @app.get("/whoami")
    async def whoami() -> dict[str, str | None]:
        return {"request_id": current_request_id()}

    return app


def test_an_exception_is_logged_as_500_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    http = client(_app_with_a_route_that_fails())
    with pytest.raises(RuntimeError, match="the handler failed"):
        http.get("/boom")  # TestClient re-raises what the server would turn into a 500
    (record,) = records(caplog)
    assert vars(record)["status"] == 500
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)


def test_the_500_from_an_exception_carries_the_request_id() -> None:
    """Starlette's own 500 is sent from outside every user middleware, without our header."""
    http = TestClient(_app_with_a_route_that_fails(), raise_server_exceptions=False)
    response = http.get("/boom", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "boom-1"
    assert response.json() == {"detail": "Internal Server Error"}


def test_over_real_http_every_500_is_logged_with_its_exception_and_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each 500 from a real uvicorn has an ERROR line in the log with the exception's traceback
    and the ID the caller got. uvicorn closes a connection after an exception; the 500 says
    so, and the client's next request goes out on a new connection instead of a dead one."""
    caplog.set_level(logging.INFO, logger=ACCESS)
    with (
        running(_app_with_a_route_that_fails()) as url,
        httpx.Client(base_url=url, timeout=DEADLINE) as http,
    ):
        for n in range(3):
            response = http.get("/boom", headers={"X-Request-ID": f"real-boom-{n}"})
            assert response.status_code == 500
            assert response.headers["x-request-id"] == f"real-boom-{n}"
            assert response.headers["connection"] == "close"
    errors = [r for r in records(caplog) if r.levelno == logging.ERROR]
    assert [vars(r)["request_id"] for r in errors] == [f"real-boom-{n}" for n in range(3)]
    for record in errors:
        assert vars(record)["status"] == 500
        assert f"request_id={vars(record)['request_id']}" in record.getMessage()
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], RuntimeError)
        assert "the handler failed" in caplog.text


def test_an_app_that_sets_its_own_mixed_case_request_id_header_gets_exactly_one() -> None:
    async def raw_app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"X-Request-ID", b"from-the-app"), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    response = TestClient(RequestLogMiddleware(raw_app)).get("/", headers={"X-Request-ID": "ok-1"})
    assert response.headers.get_list("x-request-id") == ["ok-1"]


def test_the_handler_sees_the_request_id_through_the_contextvar() -> None:
    http = client(_app_with_a_route_that_fails())
    response = http.get("/whoami", headers={"X-Request-ID": "ctx-1"})
    assert response.json() == {"request_id": "ctx-1"}
    assert current_request_id() is None, "reset after the request"
