"""Helpers shared by the tests: tokens, clients, a stuck servicer, polling with a deadline."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from grpc import aio

from inventory import InventoryService, Store, connect, sample, stub
from inventory.pb import inventory_pb2 as pb
from inventory.pb import inventory_pb2_grpc as pb_grpc

LESSON = Path(__file__).resolve().parent.parent
TOKENS = {"w-token": "writer", "r-token": "reader"}
WRITER, READER = "w-token", "r-token"


def target(port: int) -> str:
    return f"127.0.0.1:{port}"


def client(port: int, token: str = WRITER, default_timeout: float = 10.0) -> aio.Channel:
    return connect(target(port), token, default_timeout=default_timeout)


def inventory(channel: aio.Channel) -> pb_grpc.InventoryAsyncStub:
    return stub(channel)


async def eventually(check: Callable[[], bool], within: float = 10.0, what: str = "") -> None:
    """Poll `check` until it holds; fail after `within` seconds (a bound, not a measurement)."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"still not true after {within} s: {what}")
        await asyncio.sleep(0.01)


class Stuck(InventoryService):
    """GetItem never answers: it records the deadline it was given and whether it was cancelled."""

    def __init__(self) -> None:
        super().__init__(Store(sample(1)))
        self.entered = asyncio.Event()
        self.remaining: list[float | None] = []
        self.cancelled = asyncio.Event()

    async def GetItem(self, request: pb.GetItemRequest, context: Any) -> pb.Item:
        self.remaining.append(context.time_remaining())
        self.entered.set()
        try:
            await asyncio.Event().wait()  # a lock never released, a query that never returns
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        raise AssertionError("unreachable")


def child_env(**extra: str) -> dict[str, str]:
    """An explicit environment for a child process; PYTHONPATH passes a lab's patched src/."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("INVENTORY_")}
    return {**env, **extra}


PYTHON = sys.executable


async def drained(stopping: Awaitable[None]) -> None:
    """Await a server's stop, then give grpc.aio's poller thread a moment to hand the late
    events of the calls it cancelled to this loop. Without it, anyio may close the loop first
    and a later test fails with "Event loop is closed" (seen once in a few dozen runs)."""
    await stopping
    await asyncio.sleep(0.1)
