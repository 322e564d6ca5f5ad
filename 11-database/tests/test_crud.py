"""The same CRUD three ways (raw DB-API, ORM, SQL-first), each on Postgres and on MySQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from types import ModuleType
from typing import Any, Protocol

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bank import orm, raw, sqlfirst
from bank.connect import DBAPIConnection, dbapi_connect
from bank.errors import AccountNotFound, DuplicateOwner
from bank.records import AccountRow
from tests.databases import Database


class Store(Protocol):
    """One style's functions, each called in its own transaction."""

    def __call__(self, name: str, *args: Any) -> Any: ...


def dbapi_store(module: ModuleType, conn: Any) -> Store:
    def call(name: str, *args: Any) -> Any:
        with raw.transaction(conn):
            return getattr(module, name)(conn, *args)

    return call


def orm_store(engine: Engine) -> Store:
    def call(name: str, *args: Any) -> Any:
        with Session(engine) as session, session.begin():
            return getattr(orm, name)(session, *args)

    return call


@pytest.fixture(params=["raw", "orm", "sqlfirst"])
def store(request: pytest.FixtureRequest, db: Database, engine: Engine) -> Iterator[Store]:
    if request.param == "orm":
        yield orm_store(engine)
        return
    module = raw if request.param == "raw" else sqlfirst
    with closing(dbapi_connect(db.url)) as conn:
        yield dbapi_store(module, conn)


def test_create_read_update_delete(store: Store) -> None:
    alice = store("create_account", "alice", 100)
    bob = store("create_account", "bob")
    assert store("get_account", alice) == AccountRow(alice, "alice", 100)
    assert store("list_accounts") == [AccountRow(alice, "alice", 100), AccountRow(bob, "bob", 0)]
    store("deposit", bob, 25)
    assert store("find_accounts_by_owner", "bob") == [AccountRow(bob, "bob", 25)]
    assert store("delete_account", alice) is True
    assert store("delete_account", alice) is False
    assert store("get_account", alice) is None


def test_duplicate_owner_is_a_domain_error_and_the_store_stays_usable(store: Store) -> None:
    store("create_account", "alice", 1)
    with pytest.raises(DuplicateOwner) as caught:
        store("create_account", "alice", 2)
    assert caught.value.owner == "alice"
    assert caught.value.__cause__ is not None  # the driver's error, kept for the logs
    store("create_account", "carol", 3)  # the failed transaction was rolled back
    assert [row.owner for row in store("list_accounts")] == ["alice", "carol"]


def test_deposit_to_a_missing_account_raises_account_not_found(store: Store) -> None:
    with pytest.raises(AccountNotFound):
        store("deposit", 424242, 10)


def test_failed_block_rolls_back_everything_in_it(db: Database) -> None:
    """raw.transaction(): the INSERT before the error is undone."""

    def insert_then_fail(conn: DBAPIConnection) -> None:
        with raw.transaction(conn):
            raw.create_account(conn, "alice", 100)
            raise RuntimeError("boom")

    with closing(dbapi_connect(db.url)) as conn:
        with pytest.raises(RuntimeError, match="boom"):
            insert_then_fail(conn)
        with raw.transaction(conn):
            assert raw.list_accounts(conn) == []


def test_session_begin_rolls_back_on_error(engine: Engine) -> None:

    def insert_then_fail() -> None:
        with Session(engine) as session, session.begin():
            orm.create_account(session, "alice", 100)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        insert_then_fail()
    with Session(engine) as session:
        assert orm.list_accounts(session) == []


def test_rowcount_counts_matched_rows_on_every_driver(store: Store) -> None:
    """A deposit of 0 changes no row but finds one. Plain PyMySQL reports changed rows
    (0 here) unless the connection sets CLIENT.FOUND_ROWS, as SQLAlchemy's dialect does;
    without it the raw and SQL-first styles would call an existing account missing."""
    alice = store("create_account", "alice", 100)
    store("deposit", alice, 0)
    assert store("get_account", alice) == AccountRow(alice, "alice", 100)
