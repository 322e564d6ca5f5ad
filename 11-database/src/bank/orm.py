"""CRUD with the SQLAlchemy 2 ORM: the counterpart of Go's GORM.

Typed models (`bank.models`), `select()` statements, and a `Session` that is a unit of work:
`with Session(engine) as session, session.begin():` commits at the end of the block, or
rolls back if it raises, and closes the session. The functions here never commit.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bank.errors import AccountNotFound, DuplicateOwner, is_unique_violation
from bank.models import Account
from bank.records import AccountRow


def _row(account: Account) -> AccountRow:
    return AccountRow(account.id, account.owner, account.balance)


def _execute(session: Session, statement: Any) -> CursorResult[Any]:
    """session.execute() for an UPDATE/DELETE, typed as what it returns: a CursorResult,
    which has the rowcount (SQLAlchemy types it as the general Result)."""
    return cast("CursorResult[Any]", session.execute(statement))


def create_account(session: Session, owner: str, balance: int = 0) -> int:
    account = Account(owner=owner, balance=balance)
    session.add(account)
    try:
        # flush: send the INSERT now, inside a savepoint, so a duplicate fails here (with the
        # session still usable) instead of at commit time, far from the cause.
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if is_unique_violation(exc):
            raise DuplicateOwner(owner) from exc
        raise
    return account.id


def get_account(session: Session, account_id: int) -> AccountRow | None:
    account = session.get(Account, account_id)
    return None if account is None else _row(account)


def find_accounts_by_owner(session: Session, owner: str) -> list[AccountRow]:
    return [_row(a) for a in session.scalars(select(Account).where(Account.owner == owner))]


def list_accounts(session: Session) -> list[AccountRow]:
    return [_row(a) for a in session.scalars(select(Account).order_by(Account.id))]


def deposit(session: Session, account_id: int, amount: int) -> None:
    """An UPDATE statement computed by the server: `balance = balance + :amount`."""
    result = _execute(
        session,
        update(Account)
        .where(Account.id == account_id)
        .values(balance=Account.balance + amount)
        .execution_options(synchronize_session=False),
    )
    if result.rowcount == 0:
        raise AccountNotFound(account_id)


def delete_account(session: Session, account_id: int) -> bool:
    result = _execute(
        session,
        delete(Account)
        .where(Account.id == account_id)
        .execution_options(synchronize_session=False),
    )
    return result.rowcount == 1
