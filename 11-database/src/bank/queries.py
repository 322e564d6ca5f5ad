"""Reports that touch a relation: eager loading, so one page costs a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bank.models import Account


def sent_totals_eager(session: Session) -> dict[str, int]:
    """Two queries whatever the number of accounts: the accounts, then every account's
    transfers in one `WHERE from_id IN (...)` (selectinload)."""
    accounts = session.scalars(
        select(Account).options(selectinload(Account.sent)).order_by(Account.id)
    )
    return {a.owner: sum(t.amount for t in a.sent) for a in accounts}
