"""One request's deadline through four layers: handler -> service -> repository -> driver.

- handler (the edge): creates the Deadline once per request and maps DeadlineExceeded to 504;
- service: passes that same Deadline down; it never starts a clock of its own;
- repository: gives the driver min(its own cap, what is left): `deadline.child(cap)`;
- driver: SQLite checks that deadline itself, every N instructions (`query_with_deadline`), so
  the worker thread that runs the statement cannot outlive the request.

Only the handler knows the request's budget; only the repository knows its query's cap; every
layer in between passes the Deadline on, as Go code passes `ctx`.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from deadlines.budget import Clock, Deadline
from deadlines.dbtimeout import query_with_deadline
from deadlines.errors import DeadlineExceeded

__all__ = ["PriceSource", "QuoteRepository", "QuoteService", "Response", "handle_quote"]

LATEST_PRICE = "SELECT price FROM quotes WHERE symbol = ? ORDER BY at DESC LIMIT 1"


class PriceSource(Protocol):
    async def latest_price(self, symbol: str, deadline: Deadline) -> float | None: ...


class QuoteRepository:
    """Reads prices from SQLite; each query gets min(`cap`, what is left of the request).

    `connect` opens a connection for one query (SQLite connections are cheap; a network
    database would use a pool here). The statement runs in a worker thread, and the engine
    aborts it at the deadline, so the thread ends when the budget does.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection], *, cap: float = 0.5) -> None:
        self._connect = connect
        self.cap = cap

    async def latest_price(self, symbol: str, deadline: Deadline) -> float | None:
        budget = deadline.child(self.cap)  # never longer than the request has left
        return await asyncio.to_thread(self._query, symbol, budget)

    def _query(self, symbol: str, budget: Deadline) -> float | None:
        with contextlib.closing(self._connect()) as conn:
            rows = query_with_deadline(conn, LATEST_PRICE, (symbol,), deadline=budget)
        return float(rows[0][0]) if rows else None


class QuoteService:
    """The business layer: normalises the symbol and passes the request's Deadline down."""

    def __init__(self, prices: PriceSource) -> None:
        self._prices = prices

    async def price(self, symbol: str, deadline: Deadline) -> float | None:
        deadline.timeout()  # a request that is already late does no work at all
        return await self._prices.latest_price(symbol.strip().upper(), deadline)


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: str


async def handle_quote(
    service: QuoteService, symbol: str, *, budget: float = 2.0, clock: Clock = time.monotonic
) -> Response:
    """The edge: one Deadline per request, and the one place its expiry becomes a status."""
    deadline = Deadline.after(budget, clock)
    try:
        price = await service.price(symbol, deadline)
    except DeadlineExceeded:
        return Response(504, "deadline exceeded")
    if price is None:
        return Response(404, f"no price for {symbol!r}")
    return Response(200, f"{symbol.strip().upper()} {price:.2f}")
