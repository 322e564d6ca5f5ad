"""The app's limits as a client sees them: 429, Retry-After, the RateLimit headers, tiers,
the global limit, and the fail-open or fail-closed choice of each route when Redis is down."""

from __future__ import annotations

import logging
import re

import httpx2 as httpx
import pytest

from tests.conftest import SECRET, open_client
from throttle import Rate, Settings, issue_token

pytestmark = pytest.mark.anyio


def bearer(user: str, tier: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(SECRET, user, tier)}"}


async def statuses(client: httpx.AsyncClient, n: int, **kwargs: object) -> list[int]:
    return [(await client.get("/search?q=x", **kwargs)).status_code for _ in range(n)]  # type: ignore[arg-type]


async def test_an_allowed_request_carries_the_ratelimit_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/search", params={"q": "kettle"})
    assert response.status_code == 200
    assert response.headers["RateLimit-Policy"] == '"anonymous";q=20;w=60'
    assert re.fullmatch(r'"anonymous";r=19;t=\d+', response.headers["RateLimit"])
    assert "Retry-After" not in response.headers


async def test_over_the_limit_is_429_with_retry_after(settings: Settings) -> None:
    tight = settings.model_copy(update={"anonymous_rate": Rate(3, 60)})
    async with open_client(tight) as client:
        assert await statuses(client, 3) == [200] * 3
        refused = await client.get("/search", params={"q": "x"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 20  # one request every 20 s
    assert re.fullmatch(r'"anonymous";r=0;t=\d+', refused.headers["RateLimit"])
    assert refused.json()["policy"] == "anonymous"


async def test_the_token_s_tier_picks_the_rate_and_users_count_apart(settings: Settings) -> None:
    tiers = settings.model_copy(update={"free_rate": Rate(2, 60), "pro_rate": Rate(4, 60)})
    async with open_client(tiers) as client:
        free = await statuses(client, 3, headers=bearer("ada", "free"))
        pro = await statuses(client, 5, headers=bearer("bob", "pro"))
        other_free = await statuses(client, 1, headers=bearer("cy", "free"))
    assert free == [200, 200, 429]
    assert pro == [200] * 4 + [429]
    assert other_free == [200]  # a user's bucket is theirs, not their IP's


async def test_a_forged_token_is_401_not_a_free_pass(client: httpx.AsyncClient) -> None:
    forged = issue_token("another-secret-0123456789", "ada", "pro")
    response = await client.get("/search?q=x", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


async def test_ipv6_clients_share_a_limit_per_64(settings: Settings) -> None:
    tight = settings.model_copy(update={"anonymous_rate": Rate(2, 60)})
    seen = []
    for peer in ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"]:
        async with open_client(tight, peer=peer) as client:
            seen.append(await statuses(client, 2))
    assert seen == [[200, 200], [429, 429], [200, 200]]  # same /64, same bucket


async def test_report_has_a_global_limit_over_every_client(
    settings: Settings, backend_url: str
) -> None:
    limited = settings.model_copy(
        update={"report_global_rate": Rate(3, 60), "report_backend_url": backend_url}
    )
    async with open_client(limited) as client:
        answers = [await client.get("/report", headers=bearer(f"u{n}", "pro")) for n in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["policy"] == "report-global"


async def test_search_fails_open_when_redis_is_down(
    settings: Settings, closed_port_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    down = settings.model_copy(update={"redis_url": closed_port_url})
    async with open_client(down) as client:
        response = await client.get("/search", params={"q": "x"})
    assert response.status_code == 200
    assert "RateLimit" not in response.headers  # no decision was made, so none is reported
    warning = next(r for r in caplog.records if r.name == "throttle")
    assert warning.levelno == logging.WARNING
    assert warning.exc_info is not None


async def test_login_fails_closed_when_redis_is_down(
    settings: Settings, closed_port_url: str
) -> None:
    down = settings.model_copy(update={"redis_url": closed_port_url})
    async with open_client(down) as client:
        response = await client.post("/login", json={"user": "alice", "password": "guess"})
        hashes = client.app.state.throttle.passwords.hashes
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert hashes == 0  # refused before the expensive part, as when Redis is up


async def test_a_right_password_gets_a_token(client: httpx.AsyncClient) -> None:
    body = {"user": "alice", "password": "correct horse battery staple"}
    response = await client.post("/login", json=body)
    assert response.status_code == 200
    me = await client.get(
        "/search?q=x", headers={"Authorization": f"Bearer {response.json()['token']}"}
    )
    assert me.headers["RateLimit-Policy"] == '"free";q=60;w=60'
