"""One deadline, four hops: a test at each of handler, service, repository and driver.

The driver hop (SQLite's progress handler stopping a statement at the deadline) is proven in
tests/test_dbtimeout.py; here the repository runs a real query through it. The slow query is
real too: `quotes` is a view over an endless recursive CTE, so ORDER BY never finishes.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from deadlines import Deadline, DeadlineExceeded, QueryTimeout
from deadlines.quotes import QuoteRepository, QuoteService, Response, handle_quote
from tests.support import GUARD, FakeClock

ENDLESS_QUOTES = """
CREATE VIEW quotes AS
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
SELECT 'ACME' AS symbol, x AS price, x AS at FROM n
"""


class Connections:
    """The connection factory a repository gets: it remembers every connection it opened.

    A safety net interrupts them all after GUARD seconds, so a regression fails the test
    instead of hanging the run; tests check that the net never fired.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened: list[sqlite3.Connection] = []
        self.fired = threading.Event()
        self._timer = threading.Timer(GUARD, self._fire)

    def __call__(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False)
        self.opened.append(conn)
        return conn

    def _fire(self) -> None:
        self.fired.set()
        for conn in self.opened:
            with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
                conn.interrupt()

    def all_closed(self) -> bool:
        for conn in self.opened:
            try:
                conn.execute("SELECT 1")
            except sqlite3.ProgrammingError:
                continue
            return False
        return True


def database(path: Path, script: str) -> Iterator[Connections]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(script)
    connections = Connections(path)
    connections._timer.start()
    try:
        yield connections
    finally:
        connections._timer.cancel()
        connections._timer.join()


@pytest.fixture
def prices(tmp_path: Path) -> Iterator[Connections]:
    yield from database(
        tmp_path / "prices.db",
        "CREATE TABLE quotes (symbol TEXT, price REAL, at INTEGER);"
        "INSERT INTO quotes VALUES ('ACME', 10.0, 1), ('ACME', 12.5, 2);",
    )


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Connections]:
    yield from database(tmp_path / "endless.db", ENDLESS_QUOTES)


class TickingClock(FakeClock):
    """Moves one second each time it is read: the progress handler's checks drive time."""

    def __call__(self) -> float:
        self.advance(1.0)
        return self.now


class RecordingPrices:
    """A PriceSource that records the deadline each call receives."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Deadline]] = []

    async def latest_price(self, symbol: str, deadline: Deadline) -> float | None:
        self.calls.append((symbol, deadline))
        return 1.0


# --- hop 1: the handler creates the deadline and turns its expiry into 504


@pytest.mark.anyio
async def test_handler_answers_with_the_latest_price(prices: Connections) -> None:
    service = QuoteService(QuoteRepository(prices))
    assert await handle_quote(service, "acme") == Response(200, "ACME 12.50")
    assert (await handle_quote(service, "nope")).status == 404


@pytest.mark.anyio
async def test_handler_answers_504_and_the_query_thread_is_done(endless: Connections) -> None:
    service = QuoteService(QuoteRepository(endless, cap=3600))  # only the request's budget
    response = await handle_quote(service, "ACME", budget=0.2)
    assert response.status == 504
    assert not endless.fired.is_set()  # the engine stopped at the deadline, not the net
    assert endless.all_closed()  # the worker thread finished and closed its connection


# --- hop 2: the service passes the request's deadline down, unchanged


@pytest.mark.anyio
async def test_service_passes_the_request_deadline_down_unchanged(clock: FakeClock) -> None:
    recorder = RecordingPrices()
    response = await handle_quote(QuoteService(recorder), " acme ", budget=2.0, clock=clock)
    assert response.status == 200
    [(symbol, deadline)] = recorder.calls
    assert symbol == "ACME"
    assert deadline.clock is clock  # the request's clock, not a fresh time.monotonic one
    assert deadline.expires_at == clock.now + 2.0  # the handler's budget, not a new one


@pytest.mark.anyio
async def test_service_does_no_work_once_the_deadline_has_passed(clock: FakeClock) -> None:
    recorder = RecordingPrices()
    deadline = Deadline.after(1.0, clock=clock)
    clock.advance(1.0)
    with pytest.raises(DeadlineExceeded):
        await QuoteService(recorder).price("ACME", deadline)
    assert recorder.calls == []


# --- hop 3: the repository gives the driver min(its cap, what is left of the request)


@pytest.mark.anyio
async def test_repository_stops_its_query_at_its_own_cap(endless: Connections) -> None:
    clock = TickingClock()
    request = Deadline.after(100.0, clock=clock)
    start = clock.now
    with pytest.raises(QueryTimeout):
        await QuoteRepository(endless, cap=3.0).latest_price("ACME", request)
    assert 3.0 <= clock.now - start <= 6.0  # about its cap: far from the request's 100


@pytest.mark.anyio
async def test_repository_never_gives_the_driver_more_than_the_request_has_left(
    endless: Connections,
) -> None:
    clock = TickingClock()
    request = Deadline.after(3.0, clock=clock)
    start = clock.now
    with pytest.raises(QueryTimeout):
        await QuoteRepository(endless, cap=100.0).latest_price("ACME", request)
    assert clock.now - start <= 6.0  # stopped at the request's deadline, not at cap=100
    assert not endless.fired.is_set()
