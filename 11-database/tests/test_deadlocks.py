"""Deadlocks and retries on both servers: lock order, staged so a bug always deadlocks, and
run_transaction's retry with jittered exponential backoff.

Every interleaving is forced by the test, step by step, on real connections: no sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from bank import broken, transfers
from bank.errors import is_retryable
from tests.databases import Database
from tests.support import DEADLINE, balance, poll, seed, statements_waiting_for_a_lock

# -- Lock order and retries -------------------------------------------------------------------


def test_opposite_lock_order_deadlocks_one_of_two_transfers(engine: Engine, db: Database) -> None:
    """T1 (alice->bob) locks alice, T2 (bob->alice) locks bob; T1 waits for bob, T2 asks for
    alice: a cycle. The server picks a victim and rolls it back (40P01 / 1213)."""
    ids = seed(engine, alice=100, bob=100)
    alice, bob = ids["alice"], ids["bob"]
    victims: list[BaseException] = []

    def t1_credit_bob(c1: Connection) -> None:
        try:
            transfers.deposit_atomic(c1, bob, 10)
        except DBAPIError as exc:
            victims.append(exc)

    # No commit anywhere: leaving `with engine.connect()` rolls back what is left.
    with engine.connect() as c1, engine.connect() as c2:
        transfers.withdraw_atomic(c1, alice, 10)
        transfers.withdraw_atomic(c2, bob, 10)
        thread = threading.Thread(target=t1_credit_bob, args=(c1,))
        thread.start()
        poll(
            lambda: statements_waiting_for_a_lock(engine, db.kind, "UPDATE accounts") == 1,
            "T1's credit to wait for bob's row",
        )
        try:
            transfers.deposit_atomic(c2, alice, 10)
        except DBAPIError as exc:
            victims.append(exc)
        thread.join(DEADLINE)
        assert not thread.is_alive()
    assert len(victims) == 1
    assert is_retryable(victims[0])


def test_fixed_transfers_lock_rows_in_id_order_and_never_deadlock(
    engine: Engine, db: Database
) -> None:
    """Opposite transfers, staged so that a lock-order bug deadlocks every time, with no
    retry to hide it. Each transfer, holding its first row, waits (in move's `between` seam)
    until the other also holds a row or is waiting for one. Argument order: T1 holds alice,
    T2 holds bob, both go on, and each asks for the other's row: a deadlock, always. Id
    order: both ask for the lower id first, so one holds it and the other waits; the holder
    finishes, then the waiter."""
    ids = seed(engine, alice=1000, bob=1000)
    holds = {"alice->bob": threading.Event(), "bob->alice": threading.Event()}
    errors: list[BaseException] = []

    def worker(name: str, source: int, target: int, other: str) -> None:
        def between() -> None:  # this transfer holds its first row
            holds[name].set()
            poll(
                lambda: (
                    holds[other].is_set()
                    or statements_waiting_for_a_lock(engine, db.kind, "UPDATE accounts") >= 1
                ),
                f"{other} to hold a row or wait for one",
            )

        try:
            with engine.begin() as conn:
                transfers.move(conn, source, target, 1, between=between)
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    threads = [
        threading.Thread(
            target=worker, args=("alice->bob", ids["alice"], ids["bob"], "bob->alice")
        ),
        threading.Thread(
            target=worker, args=("bob->alice", ids["bob"], ids["alice"], "alice->bob")
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == [], "a deadlock: the transfers locked their rows in opposite orders"
    assert (balance(engine, ids["alice"]), balance(engine, ids["bob"])) == (1000, 1000)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM transfers")).scalar_one() == 2


def test_retrying_a_serialization_failure_fixes_the_lost_update_on_postgres_only(
    engine: Engine, db: Database
) -> None:
    """REPEATABLE READ + run_transaction: on Postgres the first attempt fails with 40001 and
    the second withdraws from the new balance (40). MySQL raises nothing to retry (70)."""
    alice = seed(engine, alice=100)["alice"]
    attempts: list[int] = []

    def rival() -> None:
        with engine.begin() as b:
            broken.withdraw_read_modify_write(b, alice, 30)

    def work(conn: Connection) -> None:
        attempts.append(len(attempts) + 1)
        hook = rival if len(attempts) == 1 else (lambda: None)
        broken.withdraw_read_modify_write(conn, alice, 30, after_read=hook)

    pauses: list[float] = []
    backoff = transfers.Backoff(base=0.02, random=lambda: 0.5, sleep=pauses.append)
    repeatable = engine.execution_options(isolation_level="REPEATABLE READ")
    transfers.run_transaction(repeatable, work, backoff=backoff)
    if db.kind == "postgres":
        assert (attempts, balance(engine, alice), pauses) == ([1, 2], 40, [0.01])
    else:
        assert (attempts, balance(engine, alice), pauses) == ([1], 70, [])


def test_run_transaction_does_not_retry_other_errors(engine: Engine) -> None:
    calls: list[int] = []

    def work(conn: Connection) -> None:
        calls.append(1)
        conn.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(DBAPIError):
        transfers.run_transaction(engine, work)
    assert calls == [1]


def serialization_failure() -> OperationalError:
    """What SQLAlchemy raises when Postgres aborts a transaction with SQLSTATE 40001."""
    return OperationalError("UPDATE ...", {}, psycopg.errors.SerializationFailure())


@pytest.fixture
def memory_engine() -> Iterator[Engine]:
    """The retry loop needs a transaction, not a server: SQLite in memory."""
    engine = create_engine("sqlite://")
    try:
        yield engine
    finally:
        engine.dispose()


def test_run_transaction_backs_off_exponentially_with_jitter(memory_engine: Engine) -> None:
    """Three victims in a row: pauses of random() * 0.1, * 0.2 and * 0.4 seconds (base 0.1,
    doubling), each capped; the fourth attempt commits."""
    calls: list[int] = []
    pauses: list[float] = []
    draws = iter([0.5, 1.0, 0.25])

    def work(conn: Connection) -> str:
        calls.append(1)
        if len(calls) < 4:
            raise serialization_failure()
        return "committed"

    backoff = transfers.Backoff(base=0.1, cap=0.3, random=lambda: next(draws), sleep=pauses.append)
    done = transfers.run_transaction(memory_engine, work, attempts=4, backoff=backoff)
    assert done == "committed"
    assert len(calls) == 4
    assert pauses == pytest.approx([0.05, 0.2, 0.075])  # 0.5*0.1, 1.0*0.2, 0.25*min(0.3, 0.4)


def test_run_transaction_gives_up_after_its_attempts_without_a_last_pause(
    memory_engine: Engine,
) -> None:
    pauses: list[float] = []

    def work(conn: Connection) -> None:
        raise serialization_failure()

    backoff = transfers.Backoff(random=lambda: 1.0, sleep=pauses.append)
    with pytest.raises(OperationalError) as caught:
        transfers.run_transaction(memory_engine, work, attempts=3, backoff=backoff)
    assert is_retryable(caught.value)
    assert len(pauses) == 2  # between attempts 1-2 and 2-3, none after the last


def test_backoff_jitter_spreads_two_victims_apart() -> None:
    """The default Backoff draws from random.random: two victims of one deadlock pause for
    different times, so they do not collide again in lockstep."""
    backoff = transfers.Backoff()
    delays = {backoff.delay(3) for _ in range(20)}
    assert len(delays) > 1
    assert all(0 <= delay < backoff.base * 4 for delay in delays)
