"""Paging a list that changes under the reader: offset paging repeats (or skips) rows, keyset
paging does not. Newest first, the way a product feed or an admin table is read."""

from __future__ import annotations

from typing import Any

import psycopg

from shopsearch import db


def add_newer(conn: psycopg.Connection[Any], count: int) -> None:
    for n in range(count):
        db.add_product(conn, f"New Item {n}", "Just in.", "office", 1000)
    conn.commit()


def test_broken_offset_paging_repeats_rows_when_rows_are_inserted(
    conn: psycopg.Connection[Any],
) -> None:
    first = db.browse_by_offset(conn, size=10, page=0)
    add_newer(conn, 3)  # someone adds products while the reader looks at page 1
    second = db.browse_by_offset(conn, size=10, page=1)

    assert set(first) & set(second) == set(first[-3:])  # the last three rows, shown again


def test_broken_offset_paging_skips_rows_when_rows_are_deleted(
    conn: psycopg.Connection[Any],
) -> None:
    first = db.browse_by_offset(conn, size=10, page=0)
    expected_next = db.browse_by_offset(conn, size=10, page=1)
    conn.execute("DELETE FROM products WHERE id = ANY(%s)", (first[:3],))
    conn.commit()
    second = db.browse_by_offset(conn, size=10, page=1)

    assert set(expected_next[:3]).isdisjoint(second)  # three rows nobody will ever see


def test_fixed_browse_survives_inserts_between_pages(conn: psycopg.Connection[Any]) -> None:
    everything = db.browse_by_offset(conn, size=1000, page=0)
    first = db.browse(conn, size=10)
    add_newer(conn, 3)
    assert first.next is not None
    second = db.browse(conn, size=10, token=first.next)

    assert first.ids + second.ids == everything[:20]


def test_fixed_browse_visits_every_row_once(conn: psycopg.Connection[Any]) -> None:
    """Whole minutes: many products share a created_at, so the id must break the tie."""
    ties = conn.execute(
        "SELECT count(*) FROM (SELECT created_at FROM products GROUP BY 1 HAVING count(*) > 1) t"
    ).fetchone()
    assert ties is not None
    assert ties[0] > 0
    seen: list[int] = []
    token = None
    while True:
        page = db.browse(conn, size=7, token=token)
        seen += page.ids
        if page.next is None:
            break
        token = page.next

    assert len(seen) == len(set(seen)) == 100
