"""The Elasticsearch client layer: thin, typed, and every request body comes from queries.py.

elasticsearch-py 8.19 talks to an 8.x server (compose runs 8.19); a 9.x client would send
`compatible-with=9`, which 8.x refuses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch, helpers

from shopsearch import queries
from shopsearch.dataset import Product
from shopsearch.db import Hit
from shopsearch.errors import IndexingFailed

logger = logging.getLogger(__name__)


def connect(url: str, *, timeout: float = 5.0) -> Elasticsearch:
    """A client that fails fast: one retry, a short timeout. A search path that falls back to
    the database must learn quickly that the engine is gone, not after a minute of retries."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)


def create_index(es: Elasticsearch, name: str) -> None:
    es.indices.create(index=name, settings=queries.SETTINGS, mappings=queries.MAPPING)


@dataclass(slots=True)
class BulkReport:
    ok: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)


def bulk_index(
    es: Elasticsearch, actions: Iterable[dict[str, Any]], chunk: int = 500
) -> BulkReport:
    """Send actions in chunks with `streaming_bulk`; report each document that failed.

    A `_bulk` request answers 200 even when some of its documents were refused (a mapping
    error, a full disk): the failures are per item, inside the body. With
    `raise_on_error=False` the helper yields them instead of raising at the first, so one bad
    document does not hide which others made it. A delete of a document that is not there
    (404) is what we wanted anyway.
    """
    report = BulkReport()
    for ok, item in helpers.streaming_bulk(es, actions, chunk_size=chunk, raise_on_error=False):
        ((op, result),) = item.items()
        if ok or (op == "delete" and result.get("status") == 404):
            report.ok += 1
        else:
            reason = result.get("error", {}).get("reason", str(result.get("error")))
            report.failed.append((str(result.get("_id")), str(reason)))
    if report.failed:
        logger.warning("bulk: %d ok, %d failed", report.ok, len(report.failed))
    return report


def save(es: Elasticsearch, alias: str, product: Product) -> None:
    """Index one product so that the caller's next search sees it: `refresh="wait_for"` waits
    for the next refresh (1 s by default) instead of forcing one per write."""
    es.index(
        index=alias, id=str(product.id), document=queries.document(product), refresh="wait_for"
    )


def search(
    es: Elasticsearch, alias: str, text: str, *, fuzzy: bool = False, size: int = 10
) -> list[Hit]:
    body = queries.search_body(text, fuzzy=fuzzy, size=size)
    found = es.search(index=alias, body=body)
    hits = []
    for hit in found["hits"]["hits"]:
        fragments = hit.get("highlight", {}).get("description", [""])
        hits.append(
            Hit(
                id=int(hit["_source"]["id"]),
                name=hit["_source"]["name"],
                score=float(hit["_score"] or 0.0),
                snippet=fragments[0],
            )
        )
    return hits


def browse(es: Elasticsearch, alias: str, size: int) -> Iterator[list[int]]:
    """Every document, newest first, page by page, from one point in time: documents indexed
    meanwhile neither shift nor repeat a page. The PIT is closed even if the caller stops early.
    """
    pit_id = es.open_point_in_time(index=alias, keep_alive="1m")["id"]
    try:
        after: list[Any] | None = None
        while True:
            found = es.search(body=queries.browse_body(pit_id, size, after))
            hits = found["hits"]["hits"]
            if not hits:
                return
            yield [int(hit["_source"]["id"]) for hit in hits]
            pit_id = found.get("pit_id", pit_id)  # a PIT id may change between searches
            after = hits[-1]["sort"]
    finally:
        es.close_point_in_time(id=pit_id)


def current_indices(es: Elasticsearch, alias: str) -> list[str]:
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias))


def delete_indices(es: Elasticsearch, alias: str) -> list[str]:
    """Delete every index named `<alias>-*` (what `reindex` creates). Names are resolved
    first: Elasticsearch 8 refuses a wildcard DELETE (`action.destructive_requires_name`)."""
    names = sorted(es.indices.get(index=f"{alias}-*", expand_wildcards="all"))
    if names:
        es.indices.delete(index=",".join(names))
    return names


def reindex(
    es: Elasticsearch, alias: str, new_index: str, products: Iterable[Product]
) -> BulkReport:
    """Zero-downtime rebuild: fill a new index (a new mapping, or after data loss) while the
    alias still serves the old one, refresh it, swap the alias in one atomic request, then
    delete the old index. A failed fill leaves the alias where it was."""
    old = current_indices(es, alias)
    create_index(es, new_index)
    report = bulk_index(es, queries.index_actions(new_index, products))
    if report.failed:
        es.indices.delete(index=new_index)
        raise IndexingFailed(report.failed)
    es.indices.refresh(index=new_index)
    es.indices.update_aliases(actions=queries.alias_swap(alias, old, new_index))
    for name in old:
        es.indices.delete(index=name)
    return report
