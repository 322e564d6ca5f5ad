"""Routers: versioned prefixes, path parameters, and what the router answers by itself
(404, 405 with Allow, 422, the trailing-slash redirect). In-process."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from tests.support import ALICE, client, make_app


def test_v1_addresses_items_by_integer_id() -> None:
    response = client(make_app()).get("/v1/items/2", headers=ALICE)
    assert response.status_code == 200
    assert response.json() == {"id": 2, "name": "saw"}


def test_v2_addresses_items_by_sku_and_names_the_caller() -> None:
    response = client(make_app()).get("/v2/items/SAW-002", headers=ALICE)
    assert response.status_code == 200
    assert response.json() == {"sku": "SAW-002", "name": "saw", "requested_by": "alice"}


def test_v1_lists_items() -> None:
    response = client(make_app()).get("/v1/items", headers=ALICE)
    assert [item["id"] for item in response.json()] == [1, 2, 3]


def test_the_versions_do_not_share_paths() -> None:
    http = client(make_app())
    assert http.get("/v2/items", headers=ALICE).status_code == 404  # no list in v2
    assert http.get("/v1/items/SAW-002", headers=ALICE).status_code == 422  # v1 wants an int


def test_unknown_route_is_404() -> None:
    response = client(make_app()).get("/v3/items/1", headers=ALICE)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_unknown_item_is_404_naming_it() -> None:
    response = client(make_app()).get("/v1/items/99", headers=ALICE)
    assert response.status_code == 404
    assert response.json() == {"detail": "item 99 not found"}


def test_wrong_method_is_405_with_an_allow_header() -> None:
    response = client(make_app()).post("/v1/items/1", headers=ALICE)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_non_integer_id_is_422_naming_the_parameter() -> None:
    response = client(make_app()).get("/v1/items/abc", headers=ALICE)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["path", "item_id"]
    assert error["type"] == "int_parsing"


def test_out_of_range_id_is_422() -> None:
    http = client(make_app())
    for bad in ("0", "-1", "1000001", "99999999999999999999999"):
        response = http.get(f"/v1/items/{bad}", headers=ALICE)
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"] == ["path", "item_id"]


def test_malformed_sku_is_422_naming_the_pattern() -> None:
    response = client(make_app()).get("/v2/items/ham-1", headers=ALICE)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["path", "sku"]
    assert error["type"] == "string_pattern_mismatch"


def test_trailing_slash_is_redirected_not_served() -> None:
    response = client(make_app()).get("/v1/items/", headers=ALICE)
    assert response.status_code == 307
    assert response.headers["location"].endswith("/v1/items")


def test_head_is_405_on_a_fastapi_get_route() -> None:
    """Unlike Go's ServeMux and Starlette's own Route, FastAPI's GET route does not take HEAD."""
    response = client(make_app()).head("/v1/items/1", headers=ALICE)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_allow_names_only_the_first_route_registered_for_a_path() -> None:
    """Two routes on one path: the 405's Allow lists the first route's methods only."""
    router = APIRouter(prefix="/v1")

    @router.get("/things/{thing_id}")
    async def read(thing_id: int) -> int:
        return thing_id

    @router.delete("/things/{thing_id}")
    async def remove(thing_id: int) -> int:
        return thing_id

    app = FastAPI()
    app.include_router(router)
    http = client(app)
    assert http.delete("/v1/things/1").status_code == 200
    response = http.put("/v1/things/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET", "DELETE works but is not listed"
