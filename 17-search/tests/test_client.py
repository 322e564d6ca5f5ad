"""The client layer against a stub that records requests: these prove the exact requests the
lesson sends (and how it reads the answers it was given), not what Elasticsearch answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from elasticsearch import UnsupportedProductError

from shopsearch import generate, index, queries
from shopsearch.errors import IndexingFailed
from tests.stub import Request, bulk_ok, stub_elasticsearch

ACK = {"acknowledged": True}


def test_the_client_refuses_a_server_that_is_not_elasticsearch() -> None:
    with (
        stub_elasticsearch(lambda r: (200, {}), product_header=False) as stub,
        pytest.raises(UnsupportedProductError),
    ):
        index.connect(stub.url).info()


def test_fixed_bulk_reports_each_refused_document() -> None:
    products = generate(5)
    with stub_elasticsearch(lambda r: (200, bulk_ok(r, refuse=frozenset({"2", "4"})))) as stub:
        report = index.bulk_index(
            index.connect(stub.url), queries.index_actions("products", products), chunk=2
        )

    assert report.ok == 3
    assert [doc_id for doc_id, _ in report.failed] == ["2", "4"]
    assert "price_cents" in report.failed[0][1]
    assert stub.calls() == [("PUT", "/_bulk")] * 3
    first = stub.requests[0].body
    assert first[0] == {"index": {"_index": "products", "_id": "1"}}
    assert first[1] == queries.document(products[0])
    assert len(first) == 4  # chunk=2: two documents, an action line and a source line each


def test_fixed_save_waits_for_the_refresh() -> None:
    """Read-your-write: the next search must see the product, so the write waits for the
    refresh that makes it searchable."""
    product = generate(1)[0]
    answer = {"_id": "1", "result": "created", "_index": "products-1"}
    with stub_elasticsearch(lambda r: (201, answer)) as stub:
        index.save(index.connect(stub.url), "products", product)

    (request,) = stub.requests
    assert (request.method, request.path) == ("PUT", "/products/_doc/1")
    assert request.query == {"refresh": "wait_for"}
    assert request.body == queries.document(product)


def test_search_sends_the_built_query_and_reads_hits_and_highlights() -> None:
    found = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "7",
                    "_score": 4.2,
                    "_source": {"id": 7, "name": "Acme Running Shoes"},
                    "highlight": {"description": ["<em>running</em> shoes"]},
                }
            ],
        }
    }
    with stub_elasticsearch(lambda r: (200, found)) as stub:
        hits = index.search(index.connect(stub.url), "products", "running shoes", fuzzy=True)

    (request,) = stub.requests
    assert (request.method, request.path) == ("POST", "/products/_search")
    assert request.body == queries.search_body("running shoes", fuzzy=True)
    assert [(h.id, h.name, h.score, h.snippet) for h in hits] == [
        (7, "Acme Running Shoes", 4.2, "<em>running</em> shoes")
    ]


def test_reindex_fills_a_new_index_then_swaps_the_alias_atomically() -> None:
    def answer(request: Request) -> tuple[int, Any]:
        match request.method, request.path:
            case "HEAD", "/_alias/products":
                return 200, None
            case "GET", "/_alias/products":
                return 200, {"products-old": {"aliases": {"products": {}}}}
            case "PUT", "/_bulk":
                return 200, bulk_ok(request)
            case _:
                return 200, ACK

    with stub_elasticsearch(answer) as stub:
        report = index.reindex(index.connect(stub.url), "products", "products-new", generate(3))

    assert report.ok == 3
    assert stub.calls() == [
        ("HEAD", "/_alias/products"),
        ("GET", "/_alias/products"),
        ("PUT", "/products-new"),
        ("PUT", "/_bulk"),
        ("POST", "/products-new/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", "/products-old"),
    ]
    create, swap = stub.requests[2].body, stub.requests[5].body
    assert create == {"settings": queries.SETTINGS, "mappings": queries.MAPPING}
    assert swap == {
        "actions": [
            {"remove": {"index": "products-old", "alias": "products"}},
            {"add": {"index": "products-new", "alias": "products"}},
        ]
    }


def test_a_failed_reindex_leaves_the_alias_where_it_was() -> None:
    def answer(request: Request) -> tuple[int, Any]:
        if request.path == "/_alias/products":
            return 404, {"error": "alias [products] missing", "status": 404}
        if request.path == "/_bulk":
            return 200, bulk_ok(request, refuse=frozenset({"2"}))
        return 200, ACK

    with stub_elasticsearch(answer) as stub, pytest.raises(IndexingFailed) as caught:
        index.reindex(index.connect(stub.url), "products", "products-new", generate(3))

    assert caught.value.failures[0][0] == "2"
    assert ("POST", "/_aliases") not in stub.calls()
    assert stub.calls()[-1] == ("DELETE", "/products-new")


def test_browse_pages_through_a_point_in_time_with_search_after() -> None:
    pages = [[3, 2], [1], []]
    stamp = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)

    def answer(request: Request) -> tuple[int, Any]:
        if request.path == "/products/_pit":
            return 200, {"id": "pit-1"}
        if request.path == "/_pit":
            return 200, {"succeeded": True, "num_freed": 1}
        ids = pages.pop(0)
        hits = [{"_source": {"id": i, "name": f"p{i}"}, "sort": [stamp, i]} for i in ids]
        return 200, {"pit_id": "pit-1", "hits": {"hits": hits}}

    with stub_elasticsearch(answer) as stub:
        seen = list(index.browse(index.connect(stub.url), "products", size=2))

    assert seen == [[3, 2], [1]]
    assert stub.calls() == [
        ("POST", "/products/_pit"),
        ("POST", "/_search"),
        ("POST", "/_search"),
        ("POST", "/_search"),
        ("DELETE", "/_pit"),
    ]
    assert stub.requests[0].query == {"keep_alive": "1m"}
    searches = [r.body for r in stub.requests[1:4]]
    assert searches[0] == queries.browse_body("pit-1", 2)
    assert searches[1]["search_after"] == [stamp, 2]
    assert searches[2]["search_after"] == [stamp, 1]
    assert stub.requests[-1].body == {"id": "pit-1"}


def test_delete_indices_names_each_index_because_wildcard_deletes_are_refused() -> None:
    def answer(request: Request) -> tuple[int, Any]:
        if request.method == "GET":
            return 200, {"shop-2": {}, "shop-1": {}}
        return 200, ACK

    with stub_elasticsearch(answer) as stub:
        deleted = index.delete_indices(index.connect(stub.url), "shop")

    assert deleted == ["shop-1", "shop-2"]
    assert stub.calls() == [("GET", "/shop-*"), ("DELETE", "/shop-1,shop-2")]
