"""Transactions on both servers: isolation levels, lost updates, and a half-done transfer.

Every interleaving is forced by the test, step by step, on real connections: no sleeps.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Connection, Engine, text
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
    B retries after A's commit and sees 70."""
    alice = seed(engine, alice=100)["alice"]
    outcomes: list[str] = []

    def rival() -> None:
        with pytest.raises(RowLocked), engine.begin() as b:
            transfers.withdraw_locked(b, alice, 30)
        outcomes.append("B refused while A holds the row")

    with engine.begin() as a:
        transfers.withdraw_locked(a, alice, 30, after_read=rival)
    with engine.begin() as b:  # B's retry
        transfers.withdraw_locked(b, alice, 30)
    assert outcomes == ["B refused while A holds the row"]
    assert balance(engine, alice) == 40


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


def test_fixed_transfers_lock_rows_in_id_order_and_never_deadlock(engine: Engine) -> None:
    """Opposite transfers at the same moment, many times, with no retry to hide a deadlock:
    `transfers.move` locks the lower id first, so there is nothing to deadlock on."""
    ids = seed(engine, alice=1000, bob=1000)
    rounds = 15
    start = threading.Barrier(2, timeout=DEADLINE)
    errors: list[BaseException] = []

    def worker(source: int, target: int) -> None:
        try:
            for _ in range(rounds):
                start.wait()
                with engine.begin() as conn:
                    transfers.move(conn, source, target, 1)
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)
            start.abort()

    threads = [
        threading.Thread(target=worker, args=(ids["alice"], ids["bob"])),
        threading.Thread(target=worker, args=(ids["bob"], ids["alice"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert errors == []
    assert (balance(engine, ids["alice"]), balance(engine, ids["bob"])) == (1000, 1000)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM transfers")).scalar_one() == 2 * rounds


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

    repeatable = engine.execution_options(isolation_level="REPEATABLE READ")
    transfers.run_transaction(repeatable, work)
    if db.kind == "postgres":
        assert (attempts, balance(engine, alice)) == ([1, 2], 40)
    else:
        assert (attempts, balance(engine, alice)) == ([1], 70)


def test_run_transaction_does_not_retry_other_errors(engine: Engine) -> None:
    calls: list[int] = []

    def work(conn: Connection) -> None:
        calls.append(1)
        conn.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(DBAPIError):
        transfers.run_transaction(engine, work)
    assert calls == [1]
