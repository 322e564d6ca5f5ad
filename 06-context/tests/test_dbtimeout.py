"""Server-side limits: the database stops the statement, because a thread cannot be stopped.

Every test that runs an endless statement also arms a safety interrupt after GUARD seconds,
so a regression fails the test instead of hanging the suite; the tests check that it was the
code under test, not the safety net, that stopped the statement.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator

import pytest

from deadlines import (
    Deadline,
    DeadlineExceeded,
    QueryTimeout,
    query_interruptible,
    query_with_deadline,
)
from tests.support import GUARD, FakeClock

ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


class SafetyNet:
    """Interrupts the connection after GUARD seconds unless disarmed; remembers if it fired."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.fired = threading.Event()
        self._conn = conn
        self._timer = threading.Timer(GUARD, self._fire)
        self._timer.start()

    def _fire(self) -> None:
        self.fired.set()
        self._conn.interrupt()

    def disarm(self) -> None:
        self._timer.cancel()
        self._timer.join()


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def safety_net(conn: sqlite3.Connection) -> Iterator[SafetyNet]:
    net = SafetyNet(conn)
    try:
        yield net
    finally:
        net.disarm()


def test_fixed_progress_handler_aborts_the_statement_at_the_deadline(
    conn: sqlite3.Connection, safety_net: SafetyNet, clock: FakeClock
) -> None:
    """The engine asks "is there time left?" every N instructions; here time moves 1 s a call."""
    checks = 0

    def ticking() -> float:
        nonlocal checks
        checks += 1
        clock.advance(1.0)
        return clock.now

    ticking_deadline = Deadline(expires_at=clock.now + 5.0, clock=ticking)
    with pytest.raises(QueryTimeout) as caught:
        query_with_deadline(conn, ENDLESS, deadline=ticking_deadline)
    assert not safety_net.fired.is_set()
    assert checks == 5  # one check before starting, then the 4th progress call ran out
    cause = caught.value.__cause__
    assert isinstance(cause, sqlite3.OperationalError)
    assert cause.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the connection is usable again


def test_fixed_real_clock_deadline_stops_an_endless_statement(
    conn: sqlite3.Connection, safety_net: SafetyNet
) -> None:
    with pytest.raises(QueryTimeout):
        query_with_deadline(conn, ENDLESS, deadline=Deadline.after(0.2))
    assert not safety_net.fired.is_set()


def test_a_statement_within_its_budget_returns_rows(conn: sqlite3.Connection) -> None:
    rows = query_with_deadline(conn, "SELECT ? + 1", (41,), deadline=Deadline.after(GUARD))
    assert rows == [(42,)]


def test_other_database_errors_are_not_reported_as_timeouts(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.OperationalError) as caught:
        query_with_deadline(conn, "SELECT * FROM missing", deadline=Deadline.after(GUARD))
    assert not isinstance(caught.value, QueryTimeout)


@pytest.mark.anyio
async def test_broken_timed_out_to_thread_query_keeps_the_connection_busy(
    conn: sqlite3.Connection, safety_net: SafetyNet
) -> None:
    """asyncio.timeout ends the await; the statement runs on until something interrupts it."""
    finished = threading.Event()

    def run() -> None:
        try:
            conn.execute(ENDLESS).fetchall()
        finally:
            finished.set()

    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await asyncio.to_thread(run)
    assert not finished.is_set()  # the caller gave up; the statement did not

    def interrupt_until_finished() -> bool:  # clean up what the broken code leaves behind
        for _ in range(int(GUARD / 0.01)):
            conn.interrupt()
            if finished.wait(0.01):
                return True
        return False

    assert await asyncio.to_thread(interrupt_until_finished)


@pytest.mark.anyio
async def test_fixed_cancellation_interrupts_the_statement_in_the_thread(
    conn: sqlite3.Connection, safety_net: SafetyNet
) -> None:
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await query_interruptible(conn, ENDLESS)
    assert not safety_net.fired.is_set()
    # The thread has returned: the connection takes the next statement at once.
    assert await query_interruptible(conn, "SELECT 1") == [(1,)]


def test_a_statement_is_not_started_once_the_deadline_has_passed(
    conn: sqlite3.Connection, clock: FakeClock
) -> None:
    conn.execute("CREATE TABLE t (x INTEGER)")
    deadline = Deadline.after(1.0, clock=clock)
    clock.advance(1.0)
    with pytest.raises(DeadlineExceeded) as caught:
        query_with_deadline(conn, "INSERT INTO t VALUES (1)", deadline=deadline)
    assert type(caught.value) is DeadlineExceeded  # refused up front, not aborted mid-way
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
