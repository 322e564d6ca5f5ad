"""The middleware order, proven from behaviour: the README's three "Break it" labs, the
`add_middleware` trap, and the real server's order end to end."""

from __future__ import annotations

import logging

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from routing import ApiKeyMiddleware, KeyVerifier, RequestLogMiddleware
from routing.broken import AUTH_OUTSIDE_CORS, LOGGING_INSIDE_AUTH, RATE_LIMIT_AFTER_AUTH
from tests.procs import DEADLINE, serve
from tests.support import ALICE, ALICE_KEY, ORIGIN, PREFLIGHT, client, make_app

ACCESS = "routing.access"
FLOOD = 20


def logged(caplog: pytest.LogCaptureFixture) -> list[tuple[object, object]]:
    """(status, request_id) of each access-log record; the fields come from `extra=`."""
    return [(vars(r)["status"], vars(r)["request_id"]) for r in caplog.records if r.name == ACCESS]


# --- lab (a): logging inside auth ---------------------------------------------------------


def test_broken_logging_inside_auth_never_logs_rejected_requests(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    http = client(make_app(LOGGING_INSIDE_AUTH))
    rejected = http.get("/v1/items/1", headers={"X-Request-ID": "lab-a-401"})
    accepted = http.get("/v1/items/1", headers={**ALICE, "X-Request-ID": "lab-a-200"})
    assert (rejected.status_code, accepted.status_code) == (401, 200)
    assert logged(caplog) == [(200, "lab-a-200")], "only the request that got past auth is logged"
    assert "x-request-id" not in rejected.headers, "the 401 has no ID the client could quote"


def test_fixed_logging_outside_auth_logs_the_401_with_its_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    http = client(make_app())
    rejected = http.get("/v1/items/1", headers={"X-Request-ID": "lab-a-401"})
    accepted = http.get("/v1/items/1", headers={**ALICE, "X-Request-ID": "lab-a-200"})
    assert (rejected.status_code, accepted.status_code) == (401, 200)
    assert logged(caplog) == [(401, "lab-a-401"), (200, "lab-a-200")], "the 401 is not logged"
    assert rejected.headers["x-request-id"] == "lab-a-401"


# --- lab (b): rate limit after auth -------------------------------------------------------


def flood(app: FastAPI) -> tuple[list[int], int]:
    """FLOOD requests with a wrong key from one client: their statuses, and the key checks."""
    http = client(app)
    wrong = {"Authorization": "Bearer not-a-real-key"}
    statuses = [http.get("/v1/items/1", headers=wrong).status_code for _ in range(FLOOD)]
    verifier: KeyVerifier = app.state.verifier
    return statuses, verifier.calls


def test_broken_rate_limit_after_auth_lets_a_flood_reach_the_key_lookup() -> None:
    statuses, key_checks = flood(make_app(RATE_LIMIT_AFTER_AUTH, capacity=5))
    assert statuses == [401] * FLOOD, "never rate limited: auth answers first, every time"
    assert key_checks == FLOOD, "every request paid for the key lookup"


def test_fixed_rate_limit_before_auth_stops_the_flood_before_the_key_lookup() -> None:
    statuses, key_checks = flood(make_app(capacity=5))
    assert statuses == [401] * 5 + [429] * (FLOOD - 5), "the flood was never rate limited"
    assert key_checks == 5, "only the requests within the budget reached the key check"


# --- lab (c): auth outside CORS -------------------------------------------------------------


def test_broken_auth_outside_cors_rejects_the_preflight() -> None:
    http = client(make_app(AUTH_OUTSIDE_CORS))
    preflight = http.options("/v1/items/1", headers=PREFLIGHT)
    assert preflight.status_code == 401
    assert "access-control-allow-origin" not in preflight.headers
    # ...and a browser cannot even read the 401 of a real request: no CORS headers on it.
    rejected = http.get("/v1/items/1", headers={"Origin": ORIGIN})
    assert rejected.status_code == 401
    assert "access-control-allow-origin" not in rejected.headers


def test_fixed_cors_outside_auth_answers_the_preflight() -> None:
    http = client(make_app())
    preflight = http.options("/v1/items/1", headers=PREFLIGHT)
    assert preflight.status_code == 200, "the preflight did not get past auth"
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "GET" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    rejected = http.get("/v1/items/1", headers={"Origin": ORIGIN})
    assert rejected.status_code == 401
    assert rejected.headers["access-control-allow-origin"] == ORIGIN
    # The browser's real request, with the key, goes through.
    real = http.get("/v1/items/1", headers={**ALICE, "Origin": ORIGIN})
    assert real.status_code == 200
    assert real.headers["access-control-allow-origin"] == ORIGIN


# --- the add_middleware trap ----------------------------------------------------------------


def test_add_middleware_makes_the_last_call_the_outermost_layer() -> None:
    """Written "log, then CORS, then auth" with add_middleware, the stack runs upside down."""
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> str:
        return "pong"

    app.add_middleware(RequestLogMiddleware)
    app.add_middleware(CORSMiddleware, allow_origins=[ORIGIN], allow_methods=["GET"])
    app.add_middleware(ApiKeyMiddleware, verifier=KeyVerifier({ALICE_KEY: "alice"}))
    preflight = client(app).options("/ping", headers=PREFLIGHT)
    # Auth was added last, so it is outermost: it answers the preflight before CORS, and
    # the log layer (added first, so innermost) never sees the request.
    assert preflight.status_code == 401
    assert "x-request-id" not in preflight.headers


# --- the real server ------------------------------------------------------------------------


def test_real_server_runs_log_cors_ratelimit_auth_outermost_first() -> None:
    """Over real HTTP, each layer's position shows in what the client and the log see."""
    server = serve(
        ROUTING_API_KEYS=f"alice:{ALICE_KEY}",
        ROUTING_RATE_CAPACITY="3",
        ROUTING_RATE_PER_SECOND="0.001",  # one token per 1000 s: no refill during the test
        ROUTING_CORS_ORIGINS=ORIGIN,
    )
    try:
        with httpx.Client(base_url=server.url, timeout=DEADLINE) as http:
            # CORS outside auth AND outside the rate limit: preflights without a key pass,
            # and cost no tokens. Log outside CORS: they get an ID and a log line.
            for n in range(5):
                preflight = http.options(
                    "/v1/items/1", headers={**PREFLIGHT, "X-Request-ID": f"pre-{n}"}
                )
                assert preflight.status_code == 200, "the preflight did not get past auth"
                assert preflight.headers["access-control-allow-origin"] == ORIGIN
                assert "x-request-id" in preflight.headers, "the preflight was not logged"
                assert preflight.headers["x-request-id"] == f"pre-{n}"
            assert "status=200" in server.wait_for_line("request_id=pre-4")

            # Log and CORS outside auth: the 401 is logged and readable by a browser.
            for n in range(3):
                rejected = http.get(
                    "/v1/items/1", headers={"Origin": ORIGIN, "X-Request-ID": f"anon-{n}"}
                )
                assert rejected.status_code == 401
                assert rejected.headers["access-control-allow-origin"] == ORIGIN
                assert "status=401" in server.wait_for_line(f"request_id=anon-{n}")

            # Rate limit outside auth: the 4th request without a key gets 429, not 401,
            # and so does a request WITH a valid key: it never reached auth.
            for request_id, headers in (("anon-3", {}), ("alice-1", ALICE)):
                limited = http.get(
                    "/v1/items/1",
                    headers={**headers, "Origin": ORIGIN, "X-Request-ID": request_id},
                )
                assert limited.status_code == 429, "the flood was never rate limited"
                assert int(limited.headers["retry-after"]) >= 1
                assert limited.headers["access-control-allow-origin"] == ORIGIN
                assert "status=429" in server.wait_for_line(f"request_id={request_id}")
    finally:
        server.close()
