"""The lesson's mistakes, kept so the README can show them and the tests can prove them.

Each has its fixed counterpart elsewhere in the package; never copy one of these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import closing

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from bank.api import Response, parse_new_account
from bank.connect import DBAPIConnection
from bank.errors import AccountNotFound
from bank.models import Account
from bank.records import AccountRow

log = logging.getLogger(__name__)


def _nothing() -> None:
    pass


# -- Lost update: read, compute in Python, write the result back. ----------------------------
def withdraw_read_modify_write(
    conn: Connection, account_id: int, amount: int, *, after_read: Callable[[], None] = _nothing
) -> None:
    """Two of these at once both read 100 and both write 70: one withdrawal is lost.
    Fixed by transfers.withdraw_atomic (or withdraw_locked)."""
    balance = conn.execute(
        text("SELECT balance FROM accounts WHERE id = :id"), {"id": account_id}
    ).scalar_one()
    after_read()
    conn.execute(
        text("UPDATE accounts SET balance = :b WHERE id = :id"),
        {"b": balance - amount, "id": account_id},
    )


# -- A transfer without a transaction. ------------------------------------------------------
def transfer_without_transaction(engine: Engine, from_id: int, to_id: int, amount: int) -> None:
    """Each statement commits on its own (autocommit): when the credit fails, the debit has
    already been committed and the money is gone. Fixed by transfers.transfer."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(
            text("UPDATE accounts SET balance = balance - :n WHERE id = :id"),
            {"n": amount, "id": from_id},
        )
        credited = conn.execute(
            text("UPDATE accounts SET balance = balance + :n WHERE id = :id"),
            {"n": amount, "id": to_id},
        )
        if credited.rowcount == 0:
            raise AccountNotFound(to_id)


# -- SQL injection. -------------------------------------------------------------------------
def find_accounts_by_owner_formatted(conn: DBAPIConnection, owner: str) -> list[AccountRow]:
    """The input becomes part of the SQL text. Fixed by raw.find_accounts_by_owner."""
    query = f"SELECT id, owner, balance FROM accounts WHERE owner = '{owner}'"
    with closing(conn.cursor()) as cur:
        # psycopg types the query as LiteralString: pyright rejects this line; mypy, which
        # treats LiteralString as plain str, does not. Only bound parameters are safe.
        cur.execute(query)
        return [AccountRow(*row) for row in cur.fetchall()]


def find_accounts_by_owner_escaped(conn: DBAPIConnection, owner: str) -> list[AccountRow]:
    """ "Escaping it ourselves" by doubling quotes. Holds on Postgres; on MySQL/MariaDB a
    backslash also escapes a quote inside a string, so `\\'` walks straight out of it."""
    quoted = owner.replace("'", "''")
    query = f"SELECT id, owner, balance FROM accounts WHERE owner = '{quoted}'"
    with closing(conn.cursor()) as cur:
        cur.execute(query)
        return [AccountRow(*row) for row in cur.fetchall()]


# -- N+1 queries. ---------------------------------------------------------------------------
def sent_totals_lazy(session: Session) -> dict[str, int]:
    """One query for the accounts, then one more per account when `.sent` is touched
    (lazy loading). Fixed by queries.sent_totals_eager."""
    accounts = session.scalars(select(Account).order_by(Account.id))
    return {a.owner: sum(t.amount for t in a.sent) for a in accounts}


# -- A duplicate key becomes a 500 with SQL in it. ------------------------------------------
def create_account_leaky(engine: Engine, payload: object) -> Response:
    """Every database error becomes a 500 and its text goes to the client: table names,
    the SQL, the constraint, sometimes the data. Fixed by api.create_account."""
    new = parse_new_account(payload)
    if isinstance(new, Response):
        return new
    owner, balance = new.owner, new.balance
    try:
        with Session(engine) as session, session.begin():
            account = Account(owner=owner, balance=balance)
            session.add(account)
            session.flush()
            account_id = account.id
    except Exception as exc:
        return Response(500, {"detail": str(exc)})
    return Response(201, {"id": account_id, "owner": owner, "balance": balance})
