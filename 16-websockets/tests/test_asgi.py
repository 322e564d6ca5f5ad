"""The same service on FastAPI/Starlette under a real uvicorn, and the same events as SSE."""

from __future__ import annotations

import json

import httpx2
import pytest
from websockets.asyncio.client import connect
from websockets.typing import Origin

from roomchat import Hub, Settings
from tests.conftest import ORIGIN, bearer
from tests.support import next_message, refused_with, until, uvicorn_server


@pytest.mark.anyio
async def test_asgi_ticket_then_socket_then_a_message(settings: Settings) -> None:
    async with uvicorn_server(settings) as (http, _), httpx2.AsyncClient(base_url=http) as web:
        page = await web.get("/")
        assert page.headers["content-type"].startswith("text/html")
        ticket = (await web.post("/tickets", headers=bearer())).json()["ticket"]
        ws_url = http.replace("http://", "ws://")
        async with connect(f"{ws_url}/ws/lobby?ticket={ticket}", origin=Origin(ORIGIN)) as ws:
            await ws.send("hello from starlette")
            got = await next_message(ws)
    assert (got["user"], got["text"]) == ("ada", "hello from starlette")


@pytest.mark.anyio
async def test_asgi_refuses_before_accept_401_and_403(settings: Settings) -> None:
    async with uvicorn_server(settings) as (http, _):
        ws_url = http.replace("http://", "ws://")
        assert await refused_with(f"{ws_url}/ws/lobby") == 401


@pytest.mark.anyio
async def test_fixed_asgi_refuses_a_page_from_another_site(settings: Settings) -> None:
    async with uvicorn_server(settings) as (http, _):
        ws_url = http.replace("http://", "ws://")
        url = f"{ws_url}/ws/lobby"
        assert await refused_with(url, origin="https://evil.example", headers=bearer()) == 403


@pytest.mark.anyio
async def test_sse_resumes_from_last_event_id(settings: Settings) -> None:
    async with uvicorn_server(settings) as (http, app), httpx2.AsyncClient(base_url=http) as web:
        hub: Hub = app.state.hub
        ids = [await hub.publish("lobby", "ada", f"m{i}") for i in range(3)]
        headers = {**bearer(), "Last-Event-ID": ids[0]}
        frames: list[dict[str, str]] = []
        async with web.stream("GET", "/events/lobby", headers=headers) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            await until(lambda: hub.count("lobby") == 1)
            await hub.publish("lobby", "bob", "live")
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    frames.append(json.loads(line[6:]))
                if len(frames) == 3:
                    break
    assert [f["text"] for f in frames] == ["m1", "m2", "live"]
