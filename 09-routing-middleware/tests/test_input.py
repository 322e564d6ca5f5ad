"""Bad input over real HTTP, against a real `routing-serve`: clear 4xx, never a 5xx."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2 as httpx
import pytest

from tests.procs import DEADLINE, Server
from tests.support import ALICE


@pytest.fixture
def http(roomy_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=roomy_server.url, timeout=DEADLINE) as client:
        yield client


def test_a_bad_path_parameter_is_422_naming_it(http: httpx.Client) -> None:
    response = http.get("/v1/items/twelve", headers=ALICE)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "item_id"]


def test_an_unknown_route_is_404(http: httpx.Client) -> None:
    response = http.get("/v9/anything", headers=ALICE)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_wrong_method_is_405_with_allow(http: httpx.Client) -> None:
    response = http.delete("/v2/items/HAM-001", headers=ALICE)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_a_malformed_request_id_is_replaced_and_logged_under_the_new_id(
    http: httpx.Client, roomy_server: Server
) -> None:
    response = http.get("/healthz", headers={"X-Request-ID": "two words"})
    new_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", new_id)
    line = roomy_server.wait_for_line(f"request_id={new_id}")
    assert "path=/healthz status=200" in line
    assert "two words" not in roomy_server.log


def test_an_overlong_authorization_header_is_a_401_not_a_crash(http: httpx.Client) -> None:
    response = http.get("/v1/items/1", headers={"Authorization": "Bearer " + "k" * 5000})
    assert response.status_code == 401
