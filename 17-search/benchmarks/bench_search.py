"""Latency of one search on Postgres, four ways, and of deep paging (median [min-max] ms).

uv run python benchmarks/bench_search.py                 # Postgres only, about 10 s
uv run python benchmarks/bench_search.py --elasticsearch http://127.0.0.1:9200
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from elasticsearch import Elasticsearch

from shopsearch import db, index, sync
from shopsearch.scratch import catalogue

QUERIES = ["running shoes", "shoes for running", "wireless headphones", "edition", "kettle"]


def measure(run: Callable[[], object], repeats: int, rounds: int) -> list[float]:
    """`repeats` timings, each the mean over `rounds` calls, in milliseconds."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(rounds):
            run()
        samples.append((time.perf_counter() - start) * 1000 / rounds)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--schema", default="bench_search", help="a scratch schema, dropped after")
    parser.add_argument("--elasticsearch", metavar="URL", help="also time this Elasticsearch")
    args = parser.parse_args()

    with catalogue(args.schema, args.products) as conn:
        variants: dict[str, Callable[[], object]] = {
            "ILIKE '%term%'": lambda: [db.ilike_search(conn, q, 20) for q in QUERIES],
            "full-text, GIN": lambda: [db.fts_search(conn, q, 20) for q in QUERIES],
            "trigram, GIN": lambda: [db.fuzzy_search(conn, q, 20) for q in QUERIES],
        }
        es: Elasticsearch | None = None
        if args.elasticsearch:
            es = index.connect(args.elasticsearch, timeout=60)
            sync.rebuild(conn, es, "bench-search")
            client = es
            variants["elasticsearch"] = lambda: [
                index.search(client, "bench-search", q, size=20) for q in QUERIES
            ]
        deep = args.products - args.products // 20
        row = conn.execute(
            "SELECT created_at, id FROM products"
            " ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            (deep - 1,),
        ).fetchone()
        assert row is not None
        token = f"{row[0].isoformat()}|{row[1]}"
        variants[f"page at row {deep}, OFFSET"] = lambda: db.browse_by_offset(conn, 20, deep // 20)
        variants[f"page at row {deep}, keyset"] = lambda: db.browse(conn, 20, token)

        print(
            f"{args.products} products, {len(QUERIES)} queries per search, {args.repeats} repeats"
        )
        print("median [min-max] ms per search")
        baseline = 0.0
        for name, run in variants.items():
            samples = measure(run, args.repeats, args.rounds)
            median = statistics.median(samples)
            baseline = baseline or median
            print(
                f"{name:<28}{median:>8.2f}  [{min(samples):.2f}-{max(samples):.2f}]"
                f"  x{median / baseline:.2f}"
            )
        if es is not None:
            index.delete_indices(es, "bench-search")


if __name__ == "__main__":
    main()
