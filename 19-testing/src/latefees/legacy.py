"""The "before": the same job, written the way that makes it hard to test.

It reaches out for everything it needs instead of being given it:
- the clock: `datetime.now()`, local time, read in the middle of the work;
- configuration: `os.environ[...]`, read on every call;
- the network: a module-level `httpx.Client` shared by every caller;
- the database: a connection it opens (SQLite here) and commits on its own.
The policy (3 days' grace, 0.10 %/day, 10 % cap) is buried in the loop.
`tests/test_legacy.py` shows what testing it costs; `service.py` is the redesign.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import date, datetime

import httpx

http = httpx.Client(timeout=5.0)  # one global client: tests must patch it to stay offline


def assess_late_fees() -> int:
    """Charge and notify every overdue invoice; return how many were charged."""
    charged = 0
    with closing(sqlite3.connect(os.environ["LATEFEES_DB_PATH"])) as db:
        rows = db.execute(
            "SELECT id, email, amount_cents, due FROM invoices"
            " WHERE paid = 0 AND fee_cents = 0 AND due < ?",
            (datetime.now().date().isoformat(),),
        ).fetchall()
        for invoice_id, email, amount_cents, due in rows:
            days = (datetime.now().date() - date.fromisoformat(due)).days
            if days <= 3:
                continue
            fee = min(amount_cents * 10 * days // 10_000, amount_cents * 1_000 // 10_000)
            db.execute("UPDATE invoices SET fee_cents = ? WHERE id = ?", (fee, invoice_id))
            db.commit()
            http.post(
                os.environ["LATEFEES_NOTIFY_URL"],
                json={"invoice_id": invoice_id, "email": email, "fee_cents": fee},
            ).raise_for_status()
            charged += 1
    return charged
