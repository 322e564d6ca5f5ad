"""Transactions on both servers: isolation levels, lost updates, and a half-done transfer.

Every interleaving is forced by the test, step by step, on real connections: no sleeps.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from bank import broken, transfers
from bank.errors import AccountNotFound, InsufficientFunds, RowLocked
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
