"""The same fixed queries through three Postgres searches: how many products each one finds.

uv run python examples/01_relevance.py
"""

from __future__ import annotations

from shopsearch import db
from shopsearch.scratch import catalogue

QUERIES = ["running shoes", "shoes for running", "headphone", "hedphones", "knives", "edition"]
ALL = 100_000

if __name__ == "__main__":
    with catalogue("example_relevance", 20_000) as conn:
        print(f"{'query':<20}{'ILIKE':>8}{'full-text':>11}{'trigram':>9}")
        for query in QUERIES:
            ilike = len(db.ilike_search(conn, query, ALL))
            fts = len(db.fts_search(conn, query, ALL))
            fuzzy = len(db.fuzzy_search(conn, query, ALL))
            print(f"{query:<20}{ilike:>8}{fts:>11}{fuzzy:>9}")
