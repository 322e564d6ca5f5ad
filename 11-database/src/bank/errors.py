"""The bank's errors, and the one place that reads a driver's error codes.

    BankError                    catch this to handle every domain error
    ├── AccountNotFound          no account with that id
    ├── DuplicateOwner           an account for that owner exists (unique violation)
    ├── InsufficientFunds        the debit would make a balance negative
    ├── RowLocked                another transaction holds the row (NOWAIT / lock timeout)
    └── DeadlineExceeded         a query ran past its budget and the server stopped it

Drivers report the same failure differently: psycopg has the standard SQLSTATE on
`exc.sqlstate` ("23505" unique_violation, "55P03" lock_not_available, "40001"
serialization_failure, "40P01" deadlock_detected, "57014" query_canceled); PyMySQL has
the server's numeric error in `exc.args[0]` (1062 ER_DUP_ENTRY, 1205 ER_LOCK_WAIT_TIMEOUT,
3572 ER_LOCK_NOWAIT on MySQL 8, 1213 ER_LOCK_DEADLOCK). SQLAlchemy wraps both in its own
`IntegrityError` / `OperationalError` and keeps the driver's exception on `.orig`.
"""

from __future__ import annotations

import psycopg
import pymysql
from sqlalchemy.exc import DBAPIError

PG_UNIQUE_VIOLATION = "23505"
PG_LOCK_NOT_AVAILABLE = "55P03"
PG_QUERY_CANCELED = "57014"  # statement_timeout, or a cancel request
PG_RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected
MYSQL_DUP_ENTRY = 1062
MYSQL_LOCK_WAIT_TIMEOUT = 1205
MYSQL_LOCK_NOWAIT = 3572
# ER_LOCK_DEADLOCK; ER_CHECKREAD (MariaDB 11.6+ with innodb_snapshot_isolation)
MYSQL_RETRYABLE = {1213, 1020}


class BankError(Exception):
    """Base of the bank's errors: `except BankError` handles every expected failure."""


class AccountNotFound(BankError):
    def __init__(self, account_id: int) -> None:
        super().__init__(f"account {account_id} not found")
        self.account_id = account_id


class DuplicateOwner(BankError):
    def __init__(self, owner: str) -> None:
        super().__init__(f"an account for {owner!r} already exists")
        self.owner = owner


class InsufficientFunds(BankError):
    def __init__(self, account_id: int, amount: int) -> None:
        super().__init__(f"account {account_id} cannot pay {amount}")
        self.account_id = account_id
        self.amount = amount


class RowLocked(BankError):
    """Another transaction holds the row; retry later (the caller decides, not a sleep)."""


class DeadlineExceeded(BankError):
    """A query ran past its budget; the server cancelled it (bank.deadlines)."""


def driver_error(exc: BaseException) -> BaseException:
    """The DB-API driver's exception, unwrapped from SQLAlchemy's wrapper if needed."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return exc.orig
    return exc


def is_unique_violation(exc: BaseException) -> bool:
    """True for a duplicate key, on either server, raw driver error or SQLAlchemy's."""
    err = driver_error(exc)
    if isinstance(err, psycopg.Error):
        return err.sqlstate == PG_UNIQUE_VIOLATION
    if isinstance(err, pymysql.err.IntegrityError):
        return bool(err.args) and err.args[0] == MYSQL_DUP_ENTRY
    return False


def is_lock_not_available(exc: BaseException) -> bool:
    """True when a NOWAIT lock or a lock timeout gave up, on either server."""
    err = driver_error(exc)
    if isinstance(err, psycopg.Error):
        return err.sqlstate == PG_LOCK_NOT_AVAILABLE
    if isinstance(err, pymysql.err.OperationalError):
        return bool(err.args) and err.args[0] in {MYSQL_LOCK_WAIT_TIMEOUT, MYSQL_LOCK_NOWAIT}
    return False


def is_retryable(exc: BaseException) -> bool:
    """True for a deadlock or a serialization failure: the server rolled the transaction
    back, and running the whole transaction again is the documented answer."""
    err = driver_error(exc)
    if isinstance(err, psycopg.Error):
        return err.sqlstate in PG_RETRYABLE
    if isinstance(err, pymysql.err.OperationalError):
        return bool(err.args) and err.args[0] in MYSQL_RETRYABLE
    return False


def is_query_canceled(exc: BaseException) -> bool:
    """True when Postgres cancelled the statement: statement_timeout or a cancel request."""
    err = driver_error(exc)
    return isinstance(err, psycopg.Error) and err.sqlstate == PG_QUERY_CANCELED
