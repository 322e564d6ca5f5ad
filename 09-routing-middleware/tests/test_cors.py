"""CORS is Starlette's CORSMiddleware, configured, not hand-written."""

from __future__ import annotations

from tests.support import ALICE, ORIGIN, PREFLIGHT, client, make_app


def test_preflight_from_an_unknown_origin_is_refused() -> None:
    response = client(make_app()).options(
        "/v1/items/1", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_preflight_for_a_method_we_do_not_allow_is_refused() -> None:
    response = client(make_app()).options(
        "/v1/items/1", headers={**PREFLIGHT, "Access-Control-Request-Method": "DELETE"}
    )
    assert response.status_code == 400


def test_browser_code_may_read_the_request_id_and_retry_after() -> None:
    response = client(make_app()).get("/v1/items/1", headers={**ALICE, "Origin": ORIGIN})
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "x-request-id" in exposed
    assert "retry-after" in exposed


def test_a_request_without_origin_gets_no_cors_headers() -> None:
    response = client(make_app()).get("/v1/items/1", headers=ALICE)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
