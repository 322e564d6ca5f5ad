"""Lesson 11: a small bank on Postgres and MySQL, written three ways (raw SQL, ORM, SQL-first).

Modules, one job each:
    settings    the servers' URLs from COURSE_POSTGRES_URL / COURSE_MYSQL_URL
    connect     drivers, URLs with a driver name, the pooled engine
    models      the schema as typed SQLAlchemy models (the source for autogenerate)
    raw, orm, sqlfirst   the same CRUD three ways
    transfers   money moved safely (atomic UPDATE, FOR UPDATE NOWAIT, one transaction)
    isolation   isolation levels, demonstrated
    deadlines   a query past its budget, cancelled on the Postgres server
    queries     eager loading; querycount counts statements (the N+1 detector)
    api         the request edge: 422 for bad input (pydantic), 409 for duplicates, generic 500s
    errors      the domain errors and the one place that reads driver error codes
    migrate     Alembic from code; migrations/ holds env.py and the revisions
    scratch     throwaway t_<hex> databases for examples and benchmarks
    broken      the lesson's mistakes, kept for the Break it labs
"""

from bank.connect import dbapi_connect, make_engine, sqlalchemy_url
from bank.errors import (
    AccountNotFound,
    BankError,
    DeadlineExceeded,
    DuplicateOwner,
    InsufficientFunds,
    RowLocked,
)
from bank.models import Account, Base, Transfer
from bank.records import AccountRow
from bank.transfers import transfer

__all__ = [
    "Account",
    "AccountNotFound",
    "AccountRow",
    "BankError",
    "Base",
    "DeadlineExceeded",
    "DuplicateOwner",
    "InsufficientFunds",
    "RowLocked",
    "Transfer",
    "dbapi_connect",
    "make_engine",
    "sqlalchemy_url",
    "transfer",
]
