"""Transactions on both servers: isolation levels, lost updates, and a half-done transfer.

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
from bank.errors import AccountNotFound, InsufficientFunds, RowLocked, is_retryable
from bank.isolation import read_twice, set_balance
from tests.databases import Database
from tests.support import DEADLINE, balance, poll, seed, statements_waiting_for_a_lock, total_money


def test_read_committed_allows_a_non_repeatable_read(engine: Engine) -> None:
    ids = seed(engine, alice=100)
    first, second = read_twice(
        engine, "READ COMMITTED", ids["alice"], lambda: set_balance(engine, ids["alice"], 55)
    )
    assert (first, second) == (100, 55)


def test_repeatable_read_reads_one_snapshot(engine: Engine) -> None:
    ids = seed(engine, alice=100)
    first, second = read_twice(
        engine, "REPEATABLE READ", ids["alice"], lambda: set_balance(engine, ids["alice"], 55)
    )
    assert (first, second) == (100, 100)
    assert balance(engine, ids["alice"]) == 55  # the other transaction did commit


# -- Lost update ------------------------------------------------------------------------------


def test_broken_read_modify_write_loses_an_update(engine: Engine) -> None:
    """A reads 100; B reads 100, writes 70, commits; A writes 70. One withdrawal vanished."""
    alice = seed(engine, alice=100)["alice"]

    def rival() -> None:  # runs between A's read and A's write
        with engine.begin() as b:
            broken.withdraw_read_modify_write(b, alice, 30)

    with engine.begin() as a:
        broken.withdraw_read_modify_write(a, alice, 30, after_read=rival)
    assert balance(engine, alice) == 70  # two withdrawals of 30 from 100


def test_fixed_atomic_update_waits_for_the_row_and_loses_nothing(
    engine: Engine, db: Database
) -> None:
    """A withdraws (row locked, not committed); B's UPDATE provably waits for A's lock; A
    commits; B then subtracts from the committed 70, not from the 100 it would have read."""
    alice = seed(engine, alice=100)["alice"]
    errors: list[BaseException] = []

    def rival() -> None:
        try:
            with engine.begin() as b:
                transfers.withdraw_atomic(b, alice, 30)
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    with engine.begin() as a:
        transfers.withdraw_atomic(a, alice, 30)
        b_thread = threading.Thread(target=rival)
        b_thread.start()
        poll(
            lambda: statements_waiting_for_a_lock(engine, db.kind, "UPDATE accounts") == 1,
            "B's UPDATE to wait for A's row lock",
        )
    b_thread.join(DEADLINE)
    assert not b_thread.is_alive()
    assert errors == []
    assert balance(engine, alice) == 40


def test_fixed_select_for_update_nowait_makes_the_rival_fail_fast(engine: Engine) -> None:
    """A holds the row (FOR UPDATE); B's FOR UPDATE NOWAIT fails at once with RowLocked;
    B retries after A's commit and withdraws from 70. Both withdrawals count."""
    alice = seed(engine, alice=100)["alice"]
    refused: list[RowLocked] = []

    def rival() -> None:  # B, between A's read and A's write
        try:
            with engine.begin() as b:
                transfers.withdraw_locked(b, alice, 30)
        except RowLocked as exc:
            refused.append(exc)

    with engine.begin() as a:
        transfers.withdraw_locked(a, alice, 30, after_read=rival)
    if refused:  # what a caller does with RowLocked: try again once the row is free
        with engine.begin() as b:
            transfers.withdraw_locked(b, alice, 30)
    assert balance(engine, alice) == 40, "lost update: two withdrawals of 30 left 70"
    assert len(refused) == 1


def test_repeatable_read_on_postgres_refuses_the_lost_update_mysql_loses_it(
    engine: Engine, db: Database
) -> None:
    """The same broken read-modify-write at REPEATABLE READ: Postgres aborts A with a
    serialization failure (SQLSTATE 40001, retry the transaction); MySQL 8.4 and MariaDB 10.11
    let A overwrite B's committed write."""
    alice = seed(engine, alice=100)["alice"]

    def rival() -> None:
        with engine.begin() as b:
            broken.withdraw_read_modify_write(b, alice, 30)

    a_engine = engine.execution_options(isolation_level="REPEATABLE READ")
    if db.kind == "postgres":
        with pytest.raises(OperationalError) as caught, a_engine.begin() as a:
            broken.withdraw_read_modify_write(a, alice, 30, after_read=rival)
        assert getattr(caught.value.orig, "sqlstate", None) == "40001"
        assert balance(engine, alice) == 70  # B's write stands; A must retry
    else:
        with a_engine.begin() as a:
            broken.withdraw_read_modify_write(a, alice, 30, after_read=rival)
        assert balance(engine, alice) == 70  # A overwrote B: lost, silently


# -- A transfer that fails half-way -----------------------------------------------------------


def test_broken_transfer_without_transaction_loses_money(engine: Engine) -> None:
    ids = seed(engine, alice=100, bob=0)
    with pytest.raises(AccountNotFound):
        broken.transfer_without_transaction(engine, ids["alice"], 424242, 30)
    assert balance(engine, ids["alice"]) == 70  # debited...
    assert total_money(engine) == 70  # ...and credited to nobody: 30 vanished


def test_fixed_transfer_is_all_or_nothing(engine: Engine) -> None:
    ids = seed(engine, alice=100, bob=0)
    with pytest.raises(AccountNotFound):
        transfers.transfer(engine, ids["alice"], 424242, 30)
    assert total_money(engine) == 100
    assert balance(engine, ids["alice"]) == 100
    transfers.transfer(engine, ids["alice"], ids["bob"], 30)
    assert (balance(engine, ids["alice"]), balance(engine, ids["bob"])) == (70, 30)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT amount FROM transfers")).scalars().all() == [30]


def test_transfer_refuses_an_overdraft_and_changes_nothing(engine: Engine) -> None:
    ids = seed(engine, alice=10, bob=0)
    with pytest.raises(InsufficientFunds):
        transfers.transfer(engine, ids["alice"], ids["bob"], 30)
    assert (balance(engine, ids["alice"]), balance(engine, ids["bob"])) == (10, 0)


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
