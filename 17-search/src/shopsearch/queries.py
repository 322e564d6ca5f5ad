"""Elasticsearch requests as pure functions: data in, a JSON-ready dict out, no server needed.

Every request the lesson sends is built here, so a unit test can pin each one exactly
(tests/test_queries.py) and the client layer (index.py) stays a thin, typed pipe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from shopsearch.dataset import Product

Body = dict[str, Any]

# One shard is right for thousands of documents (and for millions that fit in ~30 GB);
# no replicas, because compose runs one node and a replica could never be assigned.
SETTINGS: Body = {"number_of_shards": 1, "number_of_replicas": 0}

# An explicit mapping: `dynamic: strict` refuses a document with a field we did not plan for,
# instead of guessing its type forever (a mapping cannot change once a field exists).
MAPPING: Body = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        # `english` stems ("shoes" -> "shoe", "running" -> "run") and drops stop words;
        # the `raw` keyword subfield keeps the exact string for sorting and aggregations.
        "name": {
            "type": "text",
            "analyzer": "english",
            "fields": {"raw": {"type": "keyword", "ignore_above": 256}},
        },
        "description": {"type": "text", "analyzer": "english"},
        "category": {"type": "keyword"},
        "price_cents": {"type": "integer"},
        "created_at": {"type": "date"},
    },
}


def document(product: Product) -> Body:
    """The search copy of a product: the fields the mapping names, nothing else."""
    return {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "category": product.category,
        "price_cents": product.price_cents,
        "created_at": product.created_at.isoformat(),
    }


def index_actions(index: str, products: Iterable[Product]) -> Iterator[Body]:
    """Bulk actions for `helpers.streaming_bulk`: the document id is the database id, so
    indexing a product twice overwrites it (replaying the outbox is idempotent)."""
    for product in products:
        yield {"_op_type": "index", "_index": index, "_id": str(product.id), **document(product)}


def delete_action(index: str, product_id: int) -> Body:
    return {"_op_type": "delete", "_index": index, "_id": str(product_id)}


def search_body(
    text: str, *, category: str | None = None, fuzzy: bool = False, size: int = 10, start: int = 0
) -> Body:
    """A product search: `multi_match` over name (boosted 3x: a hit in the name matters more)
    and description; an optional category as a `bool` filter (yes/no, cached, no effect on the
    score); optional typo tolerance; highlighted description fragments.

    `start` + `size` (from/size) can reach at most 10,000 hits: index.max_result_window.
    """
    match: Body = {
        "query": text,
        "fields": ["name^3", "description"],
        "type": "best_fields",
        "operator": "and",
    }
    if fuzzy:
        # AUTO: 0 edits for 1-2 letters, 1 for 3-5, 2 for longer; the first letter must match.
        match |= {"fuzziness": "AUTO", "prefix_length": 1}
    query: Body = {"bool": {"must": [{"multi_match": match}]}}
    if category is not None:
        query["bool"]["filter"] = [{"term": {"category": category}}]
    return {
        "query": query,
        "from": start,
        "size": size,
        "sort": ["_score", {"id": "asc"}],
        "highlight": {"fields": {"description": {"number_of_fragments": 1}}},
    }


def browse_body(pit_id: str, size: int, after: list[Any] | None = None) -> Body:
    """Newest first, in a point in time (a frozen view of the index), continuing after the
    last hit's sort values: deep and stable paging. The id breaks ties in created_at."""
    body: Body = {
        "pit": {"id": pit_id, "keep_alive": "1m"},
        "size": size,
        "sort": [{"created_at": "desc"}, {"id": "desc"}],
        "_source": ["id", "name"],
    }
    if after is not None:
        body["search_after"] = after
    return body


def alias_swap(alias: str, old: Iterable[str], new: str) -> list[Body]:
    """One atomic `_aliases` request: every search sees the old index or the new, never
    neither and never both."""
    actions: list[Body] = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias}})
    return actions
