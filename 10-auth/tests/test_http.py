"""The HTTP flows against a real `authdemo-serve` process on a free port."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2 as httpx
import jwt
import pytest
from fastapi.testclient import TestClient

from authdemo import KeySet, PasswordHasher, Settings, Store, create_app
from authdemo.app import _auth_error
from authdemo.errors import HashingBusyError
from tests.procs import DEADLINE, Server, serve, wait_until
from tests.support import (
    FAST_ENV,
    FAST_HASHING,
    PASSWORD,
    fresh_server,
    legacy_bcrypt_hash,
    run_twice_at_once,
    write_key_dir,
)

REALM = 'Bearer realm="authdemo"'


@pytest.fixture(scope="module")
def stateless_server(tmp_path_factory: pytest.TempPathFactory, keys: KeySet) -> Iterator[Server]:
    """One server for the tests that change nothing in it (each starts from any state)."""
    with fresh_server(tmp_path_factory.mktemp("stateless") / "auth.db", keys) as running:
        yield running


def post(server: Server, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{server.url}{path}", timeout=DEADLINE, **kwargs)


def get(server: Server, path: str, token: str | None = None) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{server.url}{path}", headers=headers, timeout=DEADLINE)


def register_and_login(server: Server, username: str = "alice") -> dict[str, Any]:
    created = post(server, "/register", json={"username": username, "password": PASSWORD})
    assert created.status_code == 201, created.text
    response = post(server, "/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    body["cache_control"] = response.headers.get("cache-control")
    return body


def test_register_login_me(server: Server) -> None:
    tokens = register_and_login(server)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 300
    assert tokens["cache_control"] == "no-store"
    me = get(server, "/me", tokens["access_token"])
    assert me.status_code == 200
    assert me.json() == {"id": 1, "username": "alice", "scopes": []}


def test_duplicate_username_is_409(server: Server) -> None:
    register_and_login(server)
    again = post(server, "/register", json={"username": "alice", "password": PASSWORD})
    assert again.status_code == 409
    assert again.json() == {"detail": "username is taken"}


def test_wrong_password_and_unknown_user_get_identical_401s(server: Server) -> None:
    register_and_login(server)
    wrong = post(server, "/login", json={"username": "alice", "password": "wrong password"})
    unknown = post(server, "/login", json={"username": "mallory", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == REALM
    assert wrong.json() == unknown.json() == {"detail": "invalid username or password"}


def test_me_without_a_token_is_401_with_a_bearer_challenge(stateless_server: Server) -> None:
    response = get(stateless_server, "/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == REALM  # no error= when no token was sent
    assert response.json() == {"detail": "missing bearer token"}


@pytest.mark.parametrize(
    "authorization",
    ["Basic YWxpY2U6c2VjcmV0", "Bearer", "bearer", "Token abc", "Bearer\tabc", "x"],
)
def test_other_schemes_and_empty_bearer_are_401_missing_token(
    stateless_server: Server, authorization: str
) -> None:
    response = httpx.get(
        f"{stateless_server.url}/me", headers={"Authorization": authorization}, timeout=DEADLINE
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == REALM  # "log in", not "your token is bad"
    assert response.json() == {"detail": "missing bearer token"}


@pytest.mark.parametrize(
    "token", ["garbage", "a.b.c", "Bearer abc", "\u00e9\u00e9", "x" * 4000, "e30.e30.e30"]
)
def test_garbage_tokens_are_401_invalid_token(stateless_server: Server, token: str) -> None:
    response = httpx.get(
        f"{stateless_server.url}/me",
        headers={b"Authorization": f"Bearer {token}".encode()},
        timeout=DEADLINE,
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == f'{REALM}, error="invalid_token"'
    assert response.json() == {"detail": "invalid token"}


def test_admin_route_is_403_without_the_scope_and_200_with_it(
    server: Server, db_path: Path
) -> None:
    user = register_and_login(server)
    forbidden = get(server, "/admin/users", user["access_token"])
    assert forbidden.status_code == 403
    assert forbidden.headers["www-authenticate"] == (
        f'{REALM}, error="insufficient_scope", scope="admin"'
    )
    assert forbidden.json() == {"detail": "insufficient scope"}
    Store(str(db_path)).set_scopes("alice", frozenset({"admin"}))
    # The old token still carries the old scopes; a new login picks up the grant.
    assert get(server, "/admin/users", user["access_token"]).status_code == 403
    admin = post(server, "/login", json={"username": "alice", "password": PASSWORD}).json()
    allowed = get(server, "/admin/users", admin["access_token"])
    assert allowed.status_code == 200
    assert allowed.json() == [{"id": 1, "username": "alice", "scopes": ["admin"]}]


def test_refresh_rotation_and_reuse_over_http(server: Server) -> None:
    a = register_and_login(server)["refresh_token"]
    rotated = post(server, "/refresh", json={"refresh_token": a})
    assert rotated.status_code == 200
    assert rotated.headers["cache-control"] == "no-store"
    b = rotated.json()["refresh_token"]
    reused = post(server, "/refresh", json={"refresh_token": a})
    assert reused.status_code == 401
    assert reused.headers["www-authenticate"] == f'{REALM}, error="invalid_token"'
    assert reused.json() == {"detail": "invalid refresh token"}
    assert post(server, "/refresh", json={"refresh_token": b}).status_code == 401  # family dead


def test_logout_revokes_the_refresh_token(server: Server) -> None:
    tokens = register_and_login(server)
    logout = post(server, "/logout", json={"refresh_token": tokens["refresh_token"]})
    assert logout.status_code == 204
    again = post(server, "/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


def test_two_concurrent_refreshes_of_one_token_exactly_one_succeeds(server: Server) -> None:
    token = register_and_login(server)["refresh_token"]
    start = threading.Barrier(2, timeout=DEADLINE)
    statuses: list[int] = []

    def use() -> None:
        start.wait()
        statuses.append(post(server, "/refresh", json={"refresh_token": token}).status_code)

    run_twice_at_once(use)
    assert sorted(statuses) == [200, 401]


def test_bcrypt_user_login_over_http_upgrades_the_stored_hash(
    server: Server, db_path: Path
) -> None:
    store = Store(str(db_path))
    store.add_user("legacy", legacy_bcrypt_hash(PASSWORD), frozenset())
    response = post(server, "/login", json={"username": "legacy", "password": PASSWORD})
    assert response.status_code == 200
    user = store.find_user("legacy")
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")


def test_token_of_a_deleted_user_is_401(server: Server, db_path: Path) -> None:
    tokens = register_and_login(server)
    with Store(str(db_path)).transaction() as conn:
        conn.execute("DELETE FROM users WHERE username = 'alice'")
    response = get(server, "/me", tokens["access_token"])
    assert response.status_code == 401
    assert response.json() == {"detail": "invalid token"}
    assert (
        post(server, "/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    )


def test_token_of_a_deleted_user_never_becomes_a_newer_users_token(
    server: Server, db_path: Path
) -> None:
    """`sub` is the user id: a deleted user's id must never be handed out again, or the
    old access token (valid for minutes still) would sign in as whoever got the id."""
    alice = register_and_login(server, "alice")
    with Store(str(db_path)).transaction() as conn:
        conn.execute("DELETE FROM users WHERE username = 'alice'")
    bob = post(server, "/register", json={"username": "bob", "password": PASSWORD})
    assert bob.status_code == 201
    assert bob.json()["id"] != 1  # alice's id
    response = get(server, "/me", alice["access_token"])
    assert response.status_code == 401
    assert response.json() == {"detail": "invalid token"}


def test_jwks_serves_the_public_key(stateless_server: Server) -> None:
    response = get(stateless_server, "/.well-known/jwks.json")
    assert response.status_code == 200
    assert [(k["kid"], k["kty"]) for k in response.json()["keys"]] == [("k1", "RSA")]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/login", b"{not json"),
        ("/login", b""),
        ("/login", b"[]"),
        ("/login", b'{"username": "alice"}'),
        ("/register", b'{"username": "alice", "password": "short"}'),
        ("/register", b'{"username": "Alice Smith", "password": "long enough"}'),
        ("/register", b'{"username": "alice", "password": "long enough", "admin": true}'),
        ("/refresh", b'{"refresh_token": 7}'),
        ("/refresh", b'{"refresh_token": ""}'),
        ("/logout", b"{}"),
    ],
)
def test_bad_input_is_422_with_a_body_naming_the_field(
    stateless_server: Server, path: str, body: bytes
) -> None:
    response = post(
        stateless_server, path, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail
    assert all({"type", "loc", "msg"} == set(error) for error in detail)


@pytest.mark.parametrize(
    "password", ["\N{GRINNING FACE}" * 65, "\N{EURO SIGN}" * 86, "a" * 257], ids=str.__len__
)
def test_oversized_password_is_422_and_never_echoed(
    stateless_server: Server, password: str
) -> None:
    for path in ("/register", "/login"):
        response = post(stateless_server, path, json={"username": "alice", "password": password})
        assert response.status_code == 422
        assert password not in response.text
        assert response.json()["detail"][0]["loc"] == ["body", "password"]


@pytest.mark.parametrize(
    "password", ["correct horse\x00battery", "\ud800correct horse"], ids=["nul", "lone-surrogate"]
)
def test_unhashable_password_is_the_same_422_for_legacy_argon2_and_unknown_users(
    server: Server, db_path: Path, password: str
) -> None:
    """A NUL against a legacy bcrypt row must not be a 500 (a 500 would mark bcrypt
    accounts), and a lone surrogate must not be quoted back in the 422."""
    Store(str(db_path)).add_user("legacy", legacy_bcrypt_hash(PASSWORD), frozenset())
    register_and_login(server)  # alice, an Argon2 row
    # json.dumps escapes the lone surrogate as \\ud800, which JSON allows
    responses = [
        post(
            server,
            path,
            content=json.dumps({"username": username, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        for path, username in [
            ("/login", "legacy"),
            ("/login", "alice"),
            ("/login", "mallory"),
            ("/register", "bob"),
        ]
    ]
    assert [response.status_code for response in responses] == [422] * 4
    assert len({response.text for response in responses[:3]}) == 1  # login: one answer for all
    for response in responses:
        assert response.json()["detail"][0]["loc"] == ["body", "password"]
        assert "ud800" not in response.text.lower()


def test_busy_hashing_maps_to_503_with_retry_after() -> None:
    """The mapping only: `tests/test_passwords.py` drives the bound itself deterministically."""
    response = _auth_error(HashingBusyError())
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert json.loads(bytes(response.body)) == {"detail": "busy, try again"}


def test_body_over_the_limit_is_413(stateless_server: Server) -> None:
    response = post(
        stateless_server, "/login", json={"username": "alice", "password": "x" * 20_000}
    )
    assert response.status_code == 413


def test_key_rotation_across_restarts_logs_nobody_out_until_the_old_key_is_removed(
    tmp_path: Path, keys: KeySet, other_key: KeySet
) -> None:
    """The operator's procedure: add k2 and make it active, later delete k1."""
    key_dir = write_key_dir(tmp_path / "keys", keys)
    env = {"AUTHDEMO_DB": str(tmp_path / "auth.db"), "AUTHDEMO_KEY_DIR": str(key_dir), **FAST_ENV}

    def restarted(**extra: str) -> Server:
        return serve(**env, **extra)

    first = restarted()
    try:
        old_token = register_and_login(first)["access_token"]
    finally:
        first.close()

    write_key_dir(key_dir, other_key)
    second = restarted(AUTHDEMO_ACTIVE_KID="k2")
    try:
        assert get(second, "/me", old_token).status_code == 200  # k1 still verifies
        login = post(second, "/login", json={"username": "alice", "password": PASSWORD})
        new_token = login.json()["access_token"]
        assert jwt.get_unverified_header(new_token)["kid"] == "k2"
    finally:
        second.close()

    (key_dir / "k1.pem").unlink()
    third = restarted()
    try:
        assert get(third, "/me", old_token).status_code == 401  # k1 retired
        assert get(third, "/me", new_token).status_code == 200
    finally:
        third.close()


def test_a_500_is_logged_with_its_exception_and_request_id(server: Server, db_path: Path) -> None:
    """The database file is damaged under a running server: the client gets a 500 that
    carries its request ID, and the log has the same ID next to the whole traceback."""
    register_and_login(server)
    for leftover in db_path.parent.glob(f"{db_path.name}-*"):  # -wal, -shm
        leftover.unlink()
    db_path.write_bytes(b"this is not a database" * 100)
    response = post(
        server,
        "/login",
        json={"username": "alice", "password": PASSWORD},
        headers={"X-Request-ID": "req-500-test"},
    )
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-500-test"
    assert response.json() == {"detail": "internal error"}  # no SQL, no driver text
    wait_until(lambda: "sqlite3.DatabaseError" in server.log_so_far(), "the traceback")
    log = server.log_so_far()
    assert "500 request_id=req-500-test POST '/login'" in log
    assert log.index("500 request_id=req-500-test") < log.index("Traceback")


def test_a_503_is_logged_with_its_exception_and_request_id(
    tmp_path: Path, keys: KeySet, caplog: pytest.LogCaptureFixture
) -> None:
    """Every hashing slot is taken (here: the only one, held by the test), so login is a 503."""
    params = replace(FAST_HASHING, max_concurrent_hashes=1, hash_wait_seconds=0.01)
    app = create_app(Settings(db_path=str(tmp_path / "auth.db"), hashing=params), keys)
    with TestClient(app) as client:
        credentials = {"username": "alice", "password": PASSWORD}
        assert client.post("/register", json=credentials).status_code == 201
        hasher: PasswordHasher = app.state.auth.hasher
        assert hasher._slots.acquire(timeout=DEADLINE)  # the test holds the only slot
        try:
            response = client.post("/login", json=credentials, headers={"X-Request-ID": "r-503"})
        finally:
            hasher._slots.release()
    assert response.status_code == 503
    assert response.headers["x-request-id"] == "r-503"
    [record] = [r for r in caplog.records if r.getMessage().startswith("503 request_id=r-503")]
    assert record.exc_info is not None
    assert record.exc_info[0] is HashingBusyError


def test_a_request_id_is_kept_if_well_formed_and_replaced_if_not(stateless_server: Server) -> None:
    kept = httpx.get(
        f"{stateless_server.url}/me", headers={"X-Request-ID": "abc-123"}, timeout=DEADLINE
    )
    assert kept.headers["x-request-id"] == "abc-123"
    forged = httpx.get(
        f"{stateless_server.url}/me", headers={"X-Request-ID": "a b=c"}, timeout=DEADLINE
    )
    assert forged.headers["x-request-id"] not in ("", "a b=c")


JSON_POSTS = [
    path
    for path, operations in create_app(Settings()).openapi()["paths"].items()
    if "requestBody" in operations.get("post", {})
]


@pytest.mark.parametrize("path", JSON_POSTS)
def test_every_json_post_documents_the_400_and_413_it_really_sends(
    stateless_server: Server, path: str
) -> None:
    """A client generated from the schema must know every status it can get."""
    documented = create_app(Settings()).openapi()["paths"][path]["post"]["responses"]
    not_utf8 = post(
        stateless_server,
        path,
        content=b'{"username": "\xff"}',
        headers={"Content-Type": "application/json"},
    )
    too_big = post(stateless_server, path, json={"refresh_token": "x" * 20_000})
    for response, status in ((not_utf8, 400), (too_big, 413)):
        assert response.status_code == status
        assert str(status) in documented
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in documented[str(status)]["content"]
    # The body limit signals its 413 with exceptions through every middleware: none of them
    # may be logged as a server error.
    assert "500 request_id" not in stateless_server.log_so_far()
