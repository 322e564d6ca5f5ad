"""Postgres is the source of truth; the outbox carries each change to the search copy, and a
search falls back to the database, saying so, when Elasticsearch is not there. Postgres is
real; Elasticsearch is the recording stub (proving requests) or a closed port."""

from __future__ import annotations

import socket
from typing import Any

import psycopg
import pytest
from elasticsearch import BadRequestError, ConnectionError

from shopsearch import db, index, queries, sync
from shopsearch.service import SearchService
from tests.stub import Request, bulk_ok, stub_elasticsearch


def closed_port_url() -> str:
    """A URL where nothing listens: bind a port, then let it go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def queued(conn: psycopg.Connection[Any]) -> list[int]:
    rows = conn.execute("SELECT product_id FROM search_outbox ORDER BY id").fetchall()
    return [row[0] for row in rows]


def make_changes(conn: psycopg.Connection[Any]) -> int:
    """Add a product, rename product 1, delete product 2: three queued changes."""
    new_id = db.add_product(conn, "Otter Quiet Wool Slippers", "Warm.", "footwear", 2500)
    conn.execute("UPDATE products SET name = 'Renamed' WHERE id = 1")
    conn.execute("DELETE FROM products WHERE id = 2")
    conn.commit()
    return new_id


def test_every_change_is_queued_in_the_same_transaction(conn: psycopg.Connection[Any]) -> None:
    new_id = make_changes(conn)
    db.add_product(conn, "Rolled back", "Never.", "office", 100)
    conn.rollback()

    assert queued(conn) == [new_id, 1, 2]


def test_drain_ships_changes_as_they_are_now_and_empties_the_outbox(
    conn: psycopg.Connection[Any],
) -> None:
    new_id = make_changes(conn)
    with stub_elasticsearch(lambda r: (200, bulk_ok(r))) as stub:
        report = sync.drain_outbox(conn, index.connect(stub.url), "products")

    assert report.ok == 3
    (bulk,) = stub.requests
    assert bulk.body[0] == {"index": {"_index": "products", "_id": "1"}}
    assert bulk.body[1]["name"] == "Renamed"
    assert bulk.body[2] == {"index": {"_index": "products", "_id": str(new_id)}}
    assert bulk.body[4] == {"delete": {"_index": "products", "_id": "2"}}
    assert queued(conn) == []


def test_fixed_a_refused_document_stays_queued(conn: psycopg.Connection[Any]) -> None:
    new_id = make_changes(conn)
    with stub_elasticsearch(lambda r: (200, bulk_ok(r, refuse=frozenset({"1"})))) as stub:
        report = sync.drain_outbox(conn, index.connect(stub.url), "products")

    assert [doc_id for doc_id, _ in report.failed] == ["1"]
    assert queued(conn) == [1]  # the next drain tries it again; new_id and 2 are done
    assert new_id not in queued(conn)


def test_an_unreachable_engine_leaves_every_change_queued(conn: psycopg.Connection[Any]) -> None:
    new_id = make_changes(conn)
    with pytest.raises(ConnectionError):
        sync.drain_outbox(conn, index.connect(closed_port_url()), "products")

    assert queued(conn) == [new_id, 1, 2]


def test_rebuild_reads_every_product_from_postgres(conn: psycopg.Connection[Any]) -> None:
    def answer(request: Request) -> tuple[int, Any]:
        if request.path == "/_alias/products":
            return 404, {"error": "missing", "status": 404}  # Elasticsearch lost everything
        if request.path == "/_bulk":
            return 200, bulk_ok(request)
        return 200, {"acknowledged": True}

    with stub_elasticsearch(answer) as stub:
        new_index = sync.rebuild(conn, index.connect(stub.url), "products")

    sent = [line for r in stub.requests if r.path == "/_bulk" for line in r.body]
    assert len(sent) == 2 * 100  # every product: an action line and its source
    assert new_index.startswith("products-")
    swap = stub.requests[-1].body
    assert swap == {"actions": queries.alias_swap("products", [], new_index)}


def test_fixed_search_degrades_to_postgres_when_elasticsearch_is_down(
    catalogue: psycopg.Connection[Any],
) -> None:
    service = SearchService(catalogue, index.connect(closed_port_url()))

    response = service.search("wireless headphones", size=5)

    assert (response.backend, response.degraded) == ("postgres", True)
    assert response.notice
    assert [h.id for h in response.hits] == [
        h.id for h in db.fts_search(catalogue, "wireless headphones", 5)
    ]


def test_a_sick_cluster_degrades_too(catalogue: psycopg.Connection[Any]) -> None:
    unavailable = {"error": {"type": "search_phase_execution_exception"}, "status": 503}
    with stub_elasticsearch(lambda r: (503, unavailable)) as stub:
        response = SearchService(catalogue, index.connect(stub.url)).search("kettle")

    assert (response.backend, response.degraded) == ("postgres", True)
    assert response.hits


def test_a_bad_query_is_a_bug_not_an_outage(catalogue: psycopg.Connection[Any]) -> None:
    """A 400 means our request is wrong: falling back would hide it."""
    bad = {"error": {"type": "parsing_exception", "reason": "unknown query"}, "status": 400}
    with stub_elasticsearch(lambda r: (400, bad)) as stub:
        service = SearchService(catalogue, index.connect(stub.url))
        with pytest.raises(BadRequestError):
            service.search("kettle")


def test_a_healthy_engine_answers_and_says_so(catalogue: psycopg.Connection[Any]) -> None:
    found = {"hits": {"hits": [{"_score": 1.0, "_source": {"id": 9, "name": "Kettle"}}]}}
    with stub_elasticsearch(lambda r: (200, found)) as stub:
        response = SearchService(catalogue, index.connect(stub.url)).search("kettle")

    assert (response.backend, response.degraded, response.notice) == ("elasticsearch", False, None)
    assert [h.id for h in response.hits] == [9]
