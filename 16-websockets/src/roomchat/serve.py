"""`roomchat-serve`: the websockets server as a process, with the course's exit codes.

0 stopped by SIGTERM after closing every client with 1001 · 69 Redis or the port unavailable ·
78 a bad ROOMCHAT_* variable (each one named) · Ctrl-C: the same shutdown, then death by SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

from pydantic import ValidationError

from roomchat.bootstrap import open_hub
from roomchat.errors import Unavailable
from roomchat.settings import Settings
from roomchat.ws_server import port_of, running

PROG = "roomchat-serve"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "ROOMCHAT_" + "_".join(str(part) for part in error["loc"]).upper()
            print(f"{PROG}: {name}: {error['msg']}", file=sys.stderr)
        sys.exit(78)


async def serve_until_signal(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT; return the signal that stopped us."""
    loop = asyncio.get_running_loop()
    stop: asyncio.Future[int] = loop.create_future()

    def on_signal(received: int) -> None:
        if not stop.done():
            stop.set_result(received)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    async with open_hub(settings) as hub, contextlib.AsyncExitStack() as stack:
        try:
            server = await stack.enter_async_context(running(settings, hub))
        except OSError as exc:
            raise Unavailable(f"cannot listen on {settings.host}:{settings.port}: {exc}") from exc
        url = f"http://{settings.host}:{port_of(server)}"
        print(f"{PROG}: listening on {url}", file=sys.stderr, flush=True)
        received = await stop
        print(f"{PROG}: closing every connection with 1001", file=sys.stderr, flush=True)
    return received


def main() -> None:
    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    logging.getLogger("websockets").setLevel(logging.WARNING)
    try:
        received = asyncio.run(serve_until_signal(settings))
    except Unavailable as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        sys.exit(69)
    if received == signal.SIGINT:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    print(f"{PROG}: stopped", file=sys.stderr)
