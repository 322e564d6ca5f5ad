"""The handshake decides who gets a socket: credentials and the Origin, before accepting."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.typing import Origin

from roomchat import Unauthorized, origin_allowed, port_of, sign, verify
from tests.conftest import ORIGIN, SECRET, bearer, token
from tests.support import next_message, refused_with


def test_a_ticket_verifies_until_it_expires() -> None:
    ticket = sign(SECRET, "ticket", "ada", ttl=30, now=1000.0)
    assert verify(SECRET, "ticket", ticket, now=1029.0) == "ada"
    with pytest.raises(Unauthorized, match="expired"):
        verify(SECRET, "ticket", ticket, now=1031.0)


def test_a_token_is_not_a_ticket_and_a_forgery_is_neither() -> None:
    long_lived = sign(SECRET, "token", "ada", ttl=3600, now=time.time())
    with pytest.raises(Unauthorized, match="not a ticket"):
        verify(SECRET, "ticket", long_lived, now=time.time())
    forged = long_lived.replace("ada", "bob")
    with pytest.raises(Unauthorized, match="signature"):
        verify(SECRET, "token", forged, now=time.time())
    with pytest.raises(Unauthorized):
        verify(SECRET, "token", "no dots at all é", now=time.time())


def test_fixed_origin_allowed_only_lists_the_sites_own_pages() -> None:
    assert origin_allowed(ORIGIN, frozenset({ORIGIN}))
    assert origin_allowed(None, frozenset({ORIGIN}))  # not a browser
    assert not origin_allowed("https://evil.example", frozenset({ORIGIN}))


@pytest.mark.anyio
async def test_a_handshake_without_a_credential_gets_401(ws_url: str) -> None:
    assert await refused_with(f"{ws_url}/ws/lobby") == 401


@pytest.mark.anyio
async def test_a_long_lived_token_in_the_url_is_refused(ws_url: str) -> None:
    assert await refused_with(f"{ws_url}/ws/lobby?ticket={token()}") == 401


@pytest.mark.anyio
async def test_fixed_a_page_from_another_site_is_refused(ws_url: str) -> None:
    """Cross-site WebSocket hijacking: evil.example's page opens a socket with your cookies."""
    url = f"{ws_url}/ws/lobby"
    assert await refused_with(url, origin="https://evil.example", headers=bearer()) == 403


@pytest.mark.anyio
async def test_a_ticket_from_the_http_endpoint_opens_the_socket(ws_url: str) -> None:
    http = ws_url.replace("ws://", "http://")
    request = urllib.request.Request(f"{http}/ticket", headers=bearer())

    def fetch() -> dict[str, str]:
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.headers["Cache-Control"] == "no-store"
            fields: dict[str, str] = json.load(answer)
            return fields

    # The server runs in this loop: a blocking request runs in a thread.
    ticket = (await asyncio.to_thread(fetch))["ticket"]
    async with connect(f"{ws_url}/ws/lobby?ticket={ticket}", origin=Origin(ORIGIN)) as ws:
        await ws.send("hello")
        assert (await next_message(ws))["user"] == "ada"


@pytest.mark.anyio
async def test_broken_the_librarys_default_accepts_a_page_from_any_site() -> None:
    """websockets' `serve(origins=None)` default checks nothing; `origins=[...]` refuses."""

    async def echo(conn: ServerConnection) -> None:
        async for message in conn:
            await conn.send(message)

    async with serve(echo, "127.0.0.1", 0) as lax:
        url = f"ws://127.0.0.1:{port_of(lax)}/"
        async with connect(url, origin=Origin("https://evil.example")) as ws:
            await ws.send("ping")
            assert await ws.recv() == "ping"  # evil.example's page talks to the server
    async with serve(echo, "127.0.0.1", 0, origins=[Origin(ORIGIN)]) as strict:
        url = f"ws://127.0.0.1:{port_of(strict)}/"
        assert await refused_with(url, origin="https://evil.example") == 403
