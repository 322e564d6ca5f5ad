"""The same operations over JSON: one item, and the catalogue in pages instead of a stream."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi.testclient import TestClient
from google.protobuf.json_format import MessageToDict

from inventory import Store, sample
from inventory.rest import create_app
from inventory.service import to_message


def test_get_item_is_the_same_item_as_over_grpc() -> None:
    store = Store(sample(3))
    with TestClient(create_app(store)) as http:
        body = http.get("/items/sku-0001").json()
    assert body == asdict(store.get("sku-0001"))
    grpc_as_json = MessageToDict(
        to_message(store.get("sku-0001")), preserving_proto_field_name=True
    )
    # proto3 JSON writes int64 as a string: JavaScript numbers stop being exact at 2**53.
    assert grpc_as_json["quantity"] == "101"


def test_a_missing_item_is_404() -> None:
    with TestClient(create_app(Store([]))) as http:
        assert http.get("/items/nope").status_code == 404


def test_paging_walks_the_whole_catalogue_once() -> None:
    store = Store(sample(250))
    seen: list[str] = []
    pages = 0
    with TestClient(create_app(store)) as http:
        after = ""
        while True:
            page: dict[str, Any] = http.get("/items", params={"after": after, "limit": 100}).json()
            pages += 1
            seen += [item["sku"] for item in page["items"]]
            if page["next_after"] is None:
                break
            after = page["next_after"]
    assert pages == 3
    assert seen == [stock.sku for stock in store.all()]
