"""Middleware 2 and its alternative: auth as middleware versus auth as a dependency."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from fastapi import FastAPI, WebSocket
from starlette.testclient import WebSocketDenialResponse
from starlette.types import Message, Receive, Scope, Send

from routing import ApiKeyMiddleware, KeyVerifier, Principal, build_app
from routing._settings import AuthMode
from routing.auth import bearer_token, principal_from_state
from routing.routes import v1_router
from tests.support import ALICE, ALICE_KEY, BOB_KEY, client, make_app, settings

MODES: list[AuthMode] = ["middleware", "dependency"]


@pytest.mark.parametrize(
    ("raw", "token"),
    [
        (None, None),
        (b"Bearer abc", "abc"),
        (b"bearer abc", "abc"),  # the scheme is case-insensitive (RFC 9110)
        (b"Basic YWxhZGRpbjpvcGVuc2VzYW1l", None),
        (b"Bearer", None),
        (b"Bearer ", None),
        (b"Bearer " + b"k" * 257, None),  # longer than any key we issue
    ],
)
def test_bearer_token_parsing(raw: bytes | None, token: str | None) -> None:
    assert bearer_token(raw) == token


def test_the_verifier_knows_its_keys_and_counts_its_checks() -> None:
    verifier = KeyVerifier({ALICE_KEY: "alice", BOB_KEY: "bob"})
    assert verifier.verify(BOB_KEY) == Principal("bob")
    assert verifier.verify("guess") is None
    assert verifier.calls == 2


def test_the_verifier_keeps_only_keyed_digests_of_the_keys() -> None:
    """No key in plain text, and no plain SHA-256 either: without the server secret, a copy
    of the stored digests cannot be checked against a guessed key."""
    verifier = KeyVerifier({ALICE_KEY: "alice"}, secret=b"s" * 32)
    stored = repr(vars(verifier))
    assert ALICE_KEY not in stored
    assert verifier.digest(ALICE_KEY) != hashlib.sha256(ALICE_KEY.encode()).digest()
    other = KeyVerifier({ALICE_KEY: "alice"}, secret=b"t" * 32)
    assert verifier.digest(ALICE_KEY) != other.digest(ALICE_KEY)


def test_a_key_that_differs_in_one_character_is_refused() -> None:
    verifier = KeyVerifier({ALICE_KEY: "alice"})
    assert verifier.verify(ALICE_KEY[:-1] + "0") is None
    assert verifier.verify(ALICE_KEY + " ") is None
    assert verifier.verify(ALICE_KEY) == Principal("alice")


@pytest.mark.parametrize("mode", MODES)
def test_no_key_is_401_with_a_bearer_challenge(mode: AuthMode) -> None:
    response = client(make_app(auth_mode=mode)).get("/v1/items/1")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="routing"'
    assert response.json() == {"detail": "missing or invalid API key"}


@pytest.mark.parametrize("mode", MODES)
def test_a_wrong_key_is_401_with_invalid_token(mode: AuthMode) -> None:
    response = client(make_app(auth_mode=mode)).get(
        "/v1/items/1", headers={"Authorization": "Bearer wrong"}
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


@pytest.mark.parametrize("mode", MODES)
def test_the_handler_gets_a_typed_principal(mode: AuthMode) -> None:
    http = client(make_app(auth_mode=mode))
    bob = {"Authorization": f"Bearer {BOB_KEY}"}
    assert http.get("/v2/items/HAM-001", headers=bob).json()["requested_by"] == "bob"


@pytest.mark.parametrize("mode", MODES)
def test_the_health_check_needs_no_key(mode: AuthMode) -> None:
    assert client(make_app(auth_mode=mode)).get("/healthz").status_code == 200


def test_public_paths_match_exactly() -> None:
    http = client(make_app(auth_mode="middleware"))
    assert http.get("/healthz").status_code == 200
    for near in ("/healthz-admin", "/healthz/", "/HEALTHZ"):
        assert http.get(near).status_code == 401, near


# --- the trade-off, as behaviour -------------------------------------------------------------


def test_middleware_auth_hides_which_paths_exist() -> None:
    http = client(make_app(auth_mode="middleware"))
    assert http.get("/admin/secret").status_code == 401
    assert http.post("/v1/items/1").status_code == 401
    assert http.get("/v1/items/abc").status_code == 401


def test_dependency_auth_runs_after_routing_so_404_and_405_come_first() -> None:
    http = client(make_app(auth_mode="dependency"))
    assert http.get("/admin/secret").status_code == 404
    assert http.post("/v1/items/1").status_code == 405
    # Inside a matched route, FastAPI solves the dependencies before it reports validation
    # errors, and a dependency that raises wins: no key, no 422 either.
    assert http.get("/v1/items/abc").status_code == 401
    assert http.get("/v1/items/abc", headers=ALICE).status_code == 422


def test_dependency_auth_documents_itself_in_openapi() -> None:
    schema = make_app(auth_mode="dependency").openapi()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"]["/v1/items/{item_id}"]["get"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in schema["paths"]["/healthz"]["get"]


def test_middleware_auth_is_invisible_to_openapi() -> None:
    schema = make_app(auth_mode="middleware").openapi()
    assert "securitySchemes" not in schema.get("components", {})
    assert "security" not in schema["paths"]["/v1/items/{item_id}"]["get"]


def test_middleware_mode_without_the_auth_layer_is_refused_at_startup() -> None:
    with pytest.raises(ValueError, match="needs 'auth'"):
        build_app(settings(), order=("request_log", "cors", "rate_limit"))


def test_a_route_never_runs_anonymously_if_the_middleware_is_missing() -> None:
    """`principal_from_state` fails closed: a 500 (a bug you will see), never a 200."""
    app = FastAPI()  # someone "simplified" the stack and dropped ApiKeyMiddleware
    app.include_router(v1_router(principal_from_state))
    http = client(app)
    with pytest.raises(RuntimeError, match="ApiKeyMiddleware"):
        http.get("/v1/items/1", headers=ALICE)


# --- websockets: the blanket rule covers the handshake too ---------------------------------


def _app_with_a_websocket_route() -> FastAPI:
    app = make_app()

    async def stream(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(f"hello {websocket.state.principal.name}")
        await websocket.close()

    app.add_api_websocket_route("/v1/stream", stream)
    return app


def test_a_websocket_handshake_without_a_key_is_refused_with_401() -> None:
    http = client(_app_with_a_websocket_route())
    with pytest.raises(WebSocketDenialResponse) as denied, http.websocket_connect("/v1/stream"):
        pytest.fail("the websocket was accepted without a key")
    assert denied.value.status_code == 401
    assert denied.value.headers["www-authenticate"] == 'Bearer realm="routing"'


def test_a_websocket_handshake_with_a_key_reaches_the_route_as_its_principal() -> None:
    http = client(_app_with_a_websocket_route())
    with http.websocket_connect("/v1/stream", headers=ALICE) as ws:
        assert ws.receive_text() == "hello alice"


def test_without_the_denial_extension_a_refused_handshake_is_closed_before_accept() -> None:
    """A server without `websocket.http.response` gets a close, which it sends as a 403."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("the app must not run")

    scope = {"type": "websocket", "path": "/v1/stream", "headers": [], "extensions": {}}
    verifier = KeyVerifier({ALICE_KEY: "alice"})
    asyncio.run(ApiKeyMiddleware(app, verifier=verifier)(scope, receive, send))
    assert sent == [{"type": "websocket.close", "code": 1008}]
