"""Transactions on both servers: isolation levels, the lost update, a half-done transfer.

Two real connections, with every step ordered by this script (no threads, no sleeps): the
`after_read` hooks run the rival transaction between the first one's read and its write.

Run: uv run python examples/03_transactions.py
"""

from __future__ import annotations

import functools

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from bank import broken, transfers
from bank.connect import make_engine
from bank.errors import AccountNotFound, RowLocked
from bank.isolation import read_twice, set_balance
from bank.models import Base
from bank.scratch import scratch_database
from bank.settings import KINDS, settings_or_exit


def reset(engine: Engine) -> int:
    """An empty bank with alice holding 100; returns alice's id."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM transfers"))
        conn.execute(text("DELETE FROM accounts"))
        conn.execute(text("INSERT INTO accounts (owner, balance) VALUES ('alice', 100)"))
        return int(conn.execute(text("SELECT id FROM accounts")).scalar_one())


def money(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT SUM(balance) FROM accounts")).scalar_one())


def isolation(engine: Engine) -> None:
    for level in ("READ COMMITTED", "REPEATABLE READ"):
        alice = reset(engine)
        change = functools.partial(set_balance, engine, alice, 55)  # another client's commit
        first, second = read_twice(engine, level, alice, change)
        print(f"{level:<16} read 100, another client commits 55, read again: {first} {second}")


def lost_update(engine: Engine) -> None:
    alice = reset(engine)

    def rival_rmw() -> None:
        with engine.begin() as b:
            broken.withdraw_read_modify_write(b, alice, 30)

    with engine.begin() as a:
        broken.withdraw_read_modify_write(a, alice, 30, after_read=rival_rmw)
    print(f"2 x withdraw 30, read-modify-write:  balance {money(engine)} (lost update)")

    alice = reset(engine)
    for _ in range(2):
        with engine.begin() as conn:
            transfers.withdraw_atomic(conn, alice, 30)
    print(f"2 x withdraw 30, atomic UPDATE:      balance {money(engine)}")

    alice = reset(engine)

    def rival_locked() -> None:
        try:
            with engine.begin() as b:
                transfers.withdraw_locked(b, alice, 30)
        except RowLocked:
            print("  rival: FOR UPDATE NOWAIT -> RowLocked, will retry")

    with engine.begin() as a:
        transfers.withdraw_locked(a, alice, 30, after_read=rival_locked)
    with engine.begin() as b:
        transfers.withdraw_locked(b, alice, 30)
    print(f"2 x withdraw 30, FOR UPDATE NOWAIT:  balance {money(engine)}")

    alice = reset(engine)
    repeatable = engine.execution_options(isolation_level="REPEATABLE READ")
    try:
        with repeatable.begin() as a:
            broken.withdraw_read_modify_write(a, alice, 30, after_read=rival_rmw)
        outcome = f"balance {money(engine)} (lost update)"
    except OperationalError as exc:
        outcome = f"SQLSTATE {getattr(exc.orig, 'sqlstate', '?')}: retry the transaction"
    print(f"read-modify-write, REPEATABLE READ:  {outcome}")


def half_done_transfer(engine: Engine) -> None:
    for name, move in [
        ("without a transaction", broken.transfer_without_transaction),
        ("in one transaction   ", transfers.transfer),
    ]:
        alice = reset(engine)
        try:
            move(engine, alice, 424242, 30)  # no such account: the credit fails
        except AccountNotFound as exc:
            print(f"transfer {name}: {exc}; money in the bank: 100 -> {money(engine)}")


def main() -> None:
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    for kind in KINDS:
        with scratch_database(kind) as url:
            print(f"== {kind}")
            engine = make_engine(url)
            try:
                Base.metadata.create_all(engine)
                isolation(engine)
                lost_update(engine)
                half_done_transfer(engine)
            finally:
                engine.dispose()


if __name__ == "__main__":
    main()
