"""Keeping the search copy in step with Postgres, the source of truth.

Two jobs, because they fix different failures:
- `drain_outbox` ships each change the products trigger queued (in the same transaction as
  the change, so no change is ever missed) and deletes the outbox rows that made it. Run it
  in a loop or from cron; two drainers never take the same rows (SKIP LOCKED).
- `rebuild` reads every product and reindexes behind the alias: after Elasticsearch lost its
  data, after a mapping change, or when the outbox was drained into the wrong place.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import psycopg
from elasticsearch import Elasticsearch

from shopsearch import db, index, queries

logger = logging.getLogger(__name__)


def drain_outbox(
    conn: psycopg.Connection[Any], es: Elasticsearch, alias: str, batch: int = 500
) -> index.BulkReport:
    """Ship up to `batch` queued changes. A product that still exists is indexed as it is
    *now* (not as it was when queued: replays are idempotent); a deleted one is deleted.
    Rows of documents Elasticsearch refused stay queued, so the next drain retries them; an
    unreachable Elasticsearch raises and leaves every row queued."""
    with conn.transaction():
        queued = conn.execute(
            "SELECT id, product_id FROM search_outbox ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (batch,),
        ).fetchall()
        if not queued:
            return index.BulkReport()
        product_ids = sorted({product_id for _, product_id in queued})
        products = db.fetch_products(conn, product_ids)
        alive = {p.id for p in products}
        actions = [*queries.index_actions(alias, products)]
        actions += [queries.delete_action(alias, pid) for pid in product_ids if pid not in alive]
        report = index.bulk_index(es, actions)
        refused = {int(doc_id) for doc_id, _ in report.failed}
        done = [row_id for row_id, product_id in queued if product_id not in refused]
        conn.execute("DELETE FROM search_outbox WHERE id = ANY(%s)", (done,))
    return report


def rebuild(conn: psycopg.Connection[Any], es: Elasticsearch, alias: str) -> str:
    """Reindex every product into a new index named after the alias and the time, swap the
    alias to it, and return its name."""
    new_index = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    report = index.reindex(es, alias, new_index, db.all_products(conn))
    logger.info("rebuilt %s: %d documents in %s", alias, report.ok, new_index)
    return new_index
