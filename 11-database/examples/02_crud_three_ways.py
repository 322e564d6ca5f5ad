"""The same small bank, written through raw SQL, the ORM and SQL-first, on both servers.

Run: uv run python examples/02_crud_three_ways.py
"""

from __future__ import annotations

from contextlib import closing

from alembic import command
from sqlalchemy.orm import Session

from bank import orm, raw, sqlfirst
from bank.connect import dbapi_connect, make_engine
from bank.errors import DuplicateOwner
from bank.migrate import alembic_config
from bank.records import AccountRow
from bank.scratch import scratch_database
from bank.settings import KINDS, settings_or_exit


def show(rows: list[AccountRow]) -> str:
    return " | ".join(f"{r.id} {r.owner} {r.balance}" for r in rows)


def main() -> None:
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    for kind in KINDS:
        with scratch_database(kind) as url:
            print(f"== {kind}")
            command.upgrade(alembic_config(url), "head")  # the schema, from the migrations
            engine = make_engine(url)
            try:
                with closing(dbapi_connect(url)) as conn:
                    with raw.transaction(conn):
                        alice = raw.create_account(conn, "alice", 100)
                    with raw.transaction(conn):
                        bob = sqlfirst.create_account(conn, "bob", 50)
                with Session(engine) as session, session.begin():
                    carol = orm.create_account(session, "carol")
                    orm.deposit(session, carol, 25)
                print(f"ids: alice={alice} bob={bob} carol={carol}")
                with closing(dbapi_connect(url)) as conn:
                    with raw.transaction(conn):
                        print(f"raw       {show(raw.list_accounts(conn))}")
                        print(f"sqlfirst  {show(sqlfirst.list_accounts(conn))}")
                    try:
                        with raw.transaction(conn):  # rolled back: the INSERT failed
                            sqlfirst.create_account(conn, "alice", 1)
                    except DuplicateOwner as exc:
                        print(f"sqlfirst  DuplicateOwner: {exc}")
                with Session(engine) as session:
                    print(f"orm       {show(orm.list_accounts(session))}")
            finally:
                engine.dispose()


if __name__ == "__main__":
    main()
