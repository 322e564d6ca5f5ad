"""A real browser opens the page, gets a ticket over HTTP, opens the socket and chats.

Headless Chromium from the system (`apt-get install -y chromium`), driven by Playwright's sync
API, which refuses to run inside an event loop: the server runs in a thread of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator

import pytest

from roomchat import Settings, open_hub, running
from tests.conftest import token
from tests.services import required_services

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page_url(settings: Settings) -> Iterator[str]:
    """The websockets server on a bound port-0 socket, in a thread with its own loop."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    own_page = settings.model_copy(update={"allowed_origins": url})
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    stop = loop.create_future()

    async def serve() -> None:
        async with open_hub(own_page) as hub, running(own_page, hub, sock=sock):
            ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                await stop

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),))
    thread.start()
    try:
        assert ready.wait(timeout=20), "the server did not start"
        yield url
    finally:
        loop.call_soon_threadsafe(stop.cancel)
        thread.join(timeout=20)
        loop.close()
        sock.close()


def test_the_page_chats_in_a_real_browser(page_url: str) -> None:
    if CHROMIUM is None:
        reason = "no chromium on PATH: install it with `sudo apt-get install -y chromium`"
        if "chromium" in required_services():
            pytest.fail(f"{reason} (COURSE_REQUIRE_SERVICES lists chromium)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        try:
            page = browser.new_page()
            page.goto(page_url)
            page.fill("#token", token("ada"))
            page.click("#join")
            expect(page.locator("#log")).to_contain_text("connected", timeout=20_000)
            page.fill("#text", "hello from chromium")
            page.click("#send")
            expect(page.locator("#log")).to_contain_text("ada: hello from chromium", timeout=20_000)
        finally:
            browser.close()
