"""Against a real Elasticsearch 8.19 (`docker compose up -d --wait elasticsearch`). Where none
answers, every test here skips, saying so; CI has none. Each test uses an alias `t-<hex>` and
deletes every index named after it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from elasticsearch import BadRequestError, Elasticsearch

from shopsearch import Product, db, generate, index, queries, sync
from shopsearch.service import SearchService


def new_index(es: Elasticsearch, alias: str, products: list[Product]) -> None:
    """An index `<alias>-1` behind the alias, holding `products`, refreshed."""
    index.create_index(es, f"{alias}-1")
    es.indices.put_alias(index=f"{alias}-1", name=alias)
    report = index.bulk_index(es, queries.index_actions(alias, products))
    assert not report.failed
    es.indices.refresh(index=alias)


def newer(count: int) -> list[Product]:
    later = datetime(2027, 1, 1, tzinfo=UTC)
    return [replace(p, created_at=later) for p in generate(count, seed=2, first_id=1000)]


def sorted_ids(es: Elasticsearch, alias: str, start: int, size: int) -> list[int]:
    found = es.search(
        index=alias, sort=[{"created_at": "desc"}, {"id": "desc"}], from_=start, size=size
    )
    return [int(hit["_id"]) for hit in found["hits"]["hits"]]


def test_the_english_analyzer_stems_and_finds_what_postgres_finds(
    es: Elasticsearch, alias: str, conn: psycopg.Connection[Any]
) -> None:
    name = sync.rebuild(conn, es, alias)
    tokens = es.indices.analyze(index=name, analyzer="english", text="Running Shoes for trails")
    assert [t["token"] for t in tokens["tokens"]] == ["run", "shoe", "trail"]

    found = index.search(es, alias, "shoes for running", size=100)
    expected = db.fts_search(conn, "shoes for running", size=100)
    assert found
    assert {h.id for h in found} == {h.id for h in expected}


def test_fuzziness_finds_a_typo(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, generate(100))
    hits = index.search(es, alias, "hedphones", fuzzy=True)
    assert hits
    assert all("Headphones" in hit.name for hit in hits)
    assert index.search(es, alias, "hedphones") == []


def test_broken_read_your_write_without_a_refresh(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, [])
    es.indices.put_settings(index=alias, settings={"index": {"refresh_interval": "30s"}})
    product = generate(1)[0]

    es.index(index=alias, id=str(product.id), document=queries.document(product))

    assert es.get(index=alias, id=str(product.id))["found"]  # a GET by id is real-time
    assert es.count(index=alias)["count"] == 0  # a search is not: not refreshed yet


def test_fixed_save_is_visible_to_the_next_search(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, [])
    es.indices.put_settings(index=alias, settings={"index": {"refresh_interval": "1s"}})

    index.save(es, alias, generate(1)[0])

    assert es.count(index=alias)["count"] == 1


def test_broken_offset_paging_repeats_hits_on_elasticsearch(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, generate(30))
    first = sorted_ids(es, alias, 0, 10)
    index.bulk_index(es, queries.index_actions(alias, newer(3)))
    es.indices.refresh(index=alias)
    second = sorted_ids(es, alias, 10, 10)

    assert set(first) & set(second) == set(first[-3:])


def test_fixed_point_in_time_paging_ignores_inserts(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, generate(30))
    pages = index.browse(es, alias, size=10)
    first = next(pages)
    index.bulk_index(es, queries.index_actions(alias, newer(3)))
    es.indices.refresh(index=alias)
    rest = [i for page in pages for i in page]

    assert len(first + rest) == len(set(first + rest)) == 30


def test_from_and_size_stop_at_ten_thousand(es: Elasticsearch, alias: str) -> None:
    new_index(es, alias, generate(10))
    with pytest.raises(BadRequestError):
        es.search(index=alias, from_=10_000, size=10)


def test_a_lost_index_degrades_to_postgres(
    es: Elasticsearch, alias: str, catalogue: psycopg.Connection[Any]
) -> None:
    response = SearchService(catalogue, es, alias).search("kettle")
    assert (response.backend, response.degraded) == ("postgres", True)
