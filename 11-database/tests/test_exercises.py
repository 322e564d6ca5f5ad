"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from bank import sqlfirst, transfers
from bank.connect import dbapi_connect, make_engine
from bank.errors import RowLocked
from bank.migrate import alembic_config
from tests.databases import Database
from tests.support import balance, seed


@pytest.mark.skip(reason="exercise 1: add a version column and transfers.withdraw_versioned")
def test_exercise_1_version_column_stops_the_lost_update(engine: Engine) -> None:
    withdraw: Any = getattr(transfers, "withdraw_versioned")  # noqa: B009  # not written yet
    alice = seed(engine, alice=100)["alice"]
    refused: list[str] = []

    def rival() -> None:
        with engine.begin() as b:
            withdraw(b, alice, 30)

    def first() -> None:
        with engine.begin() as a:
            withdraw(a, alice, 30, after_read=rival)

    try:
        first()
    except RowLocked:
        refused.append("A saw a newer version and wrote nothing")
    assert refused == ["A saw a newer version and wrote nothing"]
    assert balance(engine, alice) == 70  # only B's withdrawal happened; A may retry


@pytest.mark.skip(reason="exercise 2: add transfers_from(from_id) to queries.sql")
def test_exercise_2_transfers_from_lists_what_an_account_sent(db: Database, engine: Engine) -> None:
    ids = seed(engine, alice=100, bob=0, carol=0)
    transfers.transfer(engine, ids["alice"], ids["bob"], 10)
    transfers.transfer(engine, ids["alice"], ids["carol"], 20)
    listing: Any = getattr(sqlfirst, "transfers_from")  # noqa: B009  # not written yet
    with closing(dbapi_connect(db.url)) as conn:
        assert listing(conn, ids["alice"]) == [(ids["bob"], 10), (ids["carol"], 20)]


@pytest.mark.skip(reason="exercise 3: a created_at column with a server default, migration 0003")
def test_exercise_3_transfers_have_a_creation_time(empty_db: Database) -> None:
    config = alembic_config(empty_db.url)
    command.upgrade(config, "head")
    command.check(config)
    engine = make_engine(empty_db.url)
    try:
        columns = {c["name"]: c for c in inspect(engine).get_columns("transfers")}
    finally:
        engine.dispose()
    assert "created_at" in columns
    assert columns["created_at"]["default"] is not None
