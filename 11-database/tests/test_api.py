"""A duplicate key at the edge: a leaky 500 with SQL in it, and the 409 that maps it."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine, text

from bank import api, broken
from bank.connect import make_engine


def test_broken_duplicate_is_a_500_that_leaks_the_sql(engine: Engine) -> None:
    assert broken.create_account_leaky(engine, {"owner": "alice"}).status == 201
    response = broken.create_account_leaky(engine, {"owner": "alice"})
    assert response.status == 500
    detail = str(response.body["detail"])
    assert "INSERT INTO accounts" in detail  # the statement, table and columns, to anyone
    assert "alice" in detail


def test_fixed_duplicate_is_a_409_without_sql(engine: Engine) -> None:
    created = api.create_account(engine, {"owner": "alice", "balance": 5})
    assert created.status == 201
    assert created.body["owner"] == "alice"
    response = api.create_account(engine, {"owner": "alice"})
    assert response.status == 409
    detail = str(response.body["detail"])
    assert "INSERT" not in detail
    assert "alice" in detail


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (None, []),
        ([], []),
        ({}, ["owner"]),
        ({"owner": ""}, ["owner"]),
        ({"owner": "x" * 101}, ["owner"]),
        ({"owner": 7}, ["owner"]),
        ({"owner": "a", "balance": -1}, ["balance"]),
        ({"owner": "a", "balance": "10"}, ["balance"]),
        ({"owner": "a", "balance": True}, ["balance"]),
        ({"owner": "a", "balance": 2**63}, ["balance"]),
        ({"owner": "a", "balanse": 10}, ["balanse"]),
    ],
)
def test_bad_input_is_a_422_that_never_reaches_the_database(
    payload: object, where: list[str]
) -> None:
    """The engine points at a closed port: any query would be a logged 500, not a 422. The
    detail is a list of problems, each naming where it is (as FastAPI's 422), without the
    input echoed back."""
    nowhere = make_engine("postgresql://nobody@127.0.0.1:1/nothing", pool_timeout=1)
    try:
        response = api.create_account(nowhere, payload)
    finally:
        nowhere.dispose()
    assert response.status == 422
    detail = response.body["detail"]
    assert isinstance(detail, list)
    assert [problem["loc"] for problem in detail] == [where]
    assert all("input" not in problem for problem in detail)


def test_unexpected_error_is_a_logged_500_with_a_generic_body(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The table is gone (an ops accident): the client learns nothing, the log has it all."""
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE transfers"))
        conn.execute(text("DROP TABLE accounts"))
    with caplog.at_level(logging.ERROR, logger="bank.api"):
        response = api.create_account(engine, {"owner": "alice"})
    assert response == api.Response(500, {"detail": "internal error"})
    (record,) = caplog.records
    assert record.exc_info is not None
    assert "accounts" in str(record.exc_info[1])
