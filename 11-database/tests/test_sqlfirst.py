"""The SQL-first queries are checked against the schema before they ever run (sqlc vet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bank.sqlfirst import QUERIES
from tests.sqlc import offline_schema, to_sqlc, vet

ENGINES = ["postgresql", "mysql"]


def test_translation_keeps_statements_and_maps_names() -> None:
    text = "-- name: get_account(id)^\nSELECT owner FROM accounts WHERE id = :id;\n"
    assert to_sqlc(text) == (
        "-- name: GetAccount :one\nSELECT owner FROM accounts WHERE id = sqlc.arg(id);\n"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_offline_schema_is_the_migrations_ddl(engine: str) -> None:
    ddl = offline_schema(engine)
    assert "CREATE TABLE accounts" in ddl
    assert "CREATE TABLE transfers" in ddl


@pytest.mark.parametrize("engine", ENGINES)
def test_every_query_matches_the_schema(engine: str, tmp_path: Path) -> None:
    done = vet(QUERIES.read_text(), engine, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        ("SELECT nickname FROM accounts WHERE id = :id;", 'column "nickname" does not exist'),
        ("SELECT owner FROM acounts WHERE id = :id;", 'relation "acounts" does not exist'),
    ],
)
def test_vet_catches_a_typo_before_anything_runs(
    engine: str, query: str, complaint: str, tmp_path: Path
) -> None:
    done = vet(f"-- name: bad(id)^\n{query}\n", engine, tmp_path)
    assert done.returncode != 0
    assert complaint in done.stdout + done.stderr
