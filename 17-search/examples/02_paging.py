"""Read page 1, let three products arrive, read page 2: by offset, then by keyset.

uv run python examples/02_paging.py
"""

from __future__ import annotations

from shopsearch import db
from shopsearch.scratch import catalogue

if __name__ == "__main__":
    with catalogue("example_paging", 1000) as conn:
        by_offset = db.browse_by_offset(conn, size=10, page=0)
        by_keyset = db.browse(conn, size=10)
        for n in range(3):
            db.add_product(conn, f"New Arrival {n}", "Just in.", "office", 1000)
        conn.commit()
        offset_two = db.browse_by_offset(conn, size=10, page=1)
        assert by_keyset.next is not None
        keyset_two = db.browse(conn, size=10, token=by_keyset.next).ids
        print(f"offset: page 2 repeats {sorted(set(by_offset) & set(offset_two))} from page 1")
        print(f"keyset: page 2 repeats {sorted(set(by_keyset.ids) & set(keyset_two))} from page 1")
        print(f"keyset token: {by_keyset.next}")
