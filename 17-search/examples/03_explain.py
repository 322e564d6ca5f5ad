"""The plans Postgres picks for ILIKE and for full-text search on 20,000 products.

uv run python examples/03_explain.py
"""

from __future__ import annotations

import re

from shopsearch import db
from shopsearch.scratch import catalogue


def nodes(plan: list[str]) -> list[str]:
    """The plan without its cost estimates, which vary from machine to machine."""
    return [re.sub(r"\s+\(cost=.*\)$", "", line) for line in plan]


if __name__ == "__main__":
    with catalogue("example_explain", 20_000) as conn:
        print("ILIKE:")
        for line in nodes(db.explain(conn, db.ILIKE_COUNT_SQL, {"p": db.like_pattern("edition")})):
            print(f"  {line}")
        print("full-text:")
        for line in nodes(db.explain(conn, db.FTS_COUNT_SQL, {"q": "edition"})):
            print(f"  {line}")
