"""Three query bugs on both servers: SQL injection, N+1 queries, a duplicate key as a 500.

Run: uv run python examples/05_break_it.py
"""

from __future__ import annotations

import logging
from contextlib import closing

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bank import api, broken, raw, transfers
from bank.connect import dbapi_connect, make_engine
from bank.models import Base
from bank.queries import sent_totals_eager
from bank.querycount import count_queries
from bank.scratch import scratch_database
from bank.settings import KINDS, settings_or_exit

CLASSIC = "nobody' OR '1'='1"
BACKSLASH = "\\' OR 1=1 -- "


def injection(url: str) -> None:
    with closing(dbapi_connect(url, autocommit=True)) as conn:
        for name, find in [
            ("f-string       ", broken.find_accounts_by_owner_formatted),
            ("doubled quotes ", broken.find_accounts_by_owner_escaped),
            ("bound parameter", raw.find_accounts_by_owner),
        ]:
            found = [len(find(conn, attack)) for attack in (CLASSIC, BACKSLASH)]
            print(f"injection, {name}: rows leaked {found[0]} and {found[1]}")


def n_plus_one(engine: Engine) -> None:
    for name, report in [("lazy  ", broken.sent_totals_lazy), ("eager ", sent_totals_eager)]:
        with Session(engine) as session, count_queries(engine) as statements:
            report(session)
        print(f"sent totals, {name}: {len(statements)} queries for 10 accounts")


def duplicate(engine: Engine) -> None:
    for name, create in [("leaky", broken.create_account_leaky), ("fixed", api.create_account)]:
        response = create(engine, {"owner": "owner0"})
        lines = str(response.body["detail"]).splitlines()
        print(f"duplicate owner, {name}: {response.status} {lines[0][:60].rstrip()}")
        print("".join(f"    {line}\n" for line in lines if line.startswith("[SQL")), end="")


def main() -> None:
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    logging.disable(logging.ERROR)  # the fixed handler logs nothing here; keep output stable
    for kind in KINDS:
        with scratch_database(kind) as url:
            print(f"== {kind}")
            engine = make_engine(url)
            try:
                Base.metadata.create_all(engine)
                ids = []
                for i in range(10):
                    response = api.create_account(engine, {"owner": f"owner{i}", "balance": 10})
                    ids.append(int(str(response.body["id"])))
                for source, target in zip(ids, ids[1:] + ids[:1], strict=True):
                    transfers.transfer(engine, source, target, 1)
                injection(url)
                n_plus_one(engine)
                duplicate(engine)
            finally:
                engine.dispose()


if __name__ == "__main__":
    main()
