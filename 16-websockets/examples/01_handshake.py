"""The handshake decides: no credential (401), a token in the URL (401), another site's page
(403), a short-lived ticket from our own page (open).

Needs Redis (COURSE_REDIS_URL). Streams live under `t:<hex>:example` and are deleted.
"""

from __future__ import annotations

import asyncio
import json
import time

from _common import demo_settings, tidy
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from roomchat import open_hub, port_of, running, sign


async def attempt(label: str, url: str, origin: str | None = None, token: str = "") -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with connect(
            url, origin=Origin(origin) if origin else None, additional_headers=headers
        ) as ws:
            await ws.send("hi")
            event = json.loads(await ws.recv())
            print(f"{label}: open, {event['user']} said {event['text']!r}")
    except InvalidStatus as exc:
        print(f"{label}: refused with HTTP {exc.response.status_code}")


async def main() -> None:
    settings = demo_settings()
    async with open_hub(settings) as hub, running(settings, hub) as server:
        url = f"ws://127.0.0.1:{port_of(server)}/ws/lobby"
        secret = settings.secret.get_secret_value()
        token = sign(secret, "token", "ada", ttl=3600, now=time.time())
        ticket = sign(secret, "ticket", "ada", ttl=30, now=time.time())
        await attempt("no credential", url)
        await attempt("token in the URL", f"{url}?ticket={token}")
        await attempt("page on evil.example", url, origin="https://evil.example", token=token)
        await attempt("ticket, our own page", f"{url}?ticket={ticket}", "http://127.0.0.1:8765")
    await tidy(settings)


if __name__ == "__main__":
    asyncio.run(main())
