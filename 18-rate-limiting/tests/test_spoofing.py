"""Break it 3: a spoofed X-Forwarded-For against the per-IP limit.

The in-process client's TCP peer, 203.0.113.7, plays the load balancer: it appends the real
client's address (198.51.100.9) to whatever X-Forwarded-For the client sent.
"""

from __future__ import annotations

import ipaddress

import pytest

from tests.conftest import PEER, open_client
from throttle import Rate, Settings

pytestmark = pytest.mark.anyio
REAL_CLIENT = "198.51.100.9"


async def spoofed_statuses(settings: Settings) -> list[int]:
    """Ten requests from one real client, each claiming a different address on the left."""
    codes = []
    async with open_client(settings) as client:
        for n in range(10):
            xff = f"192.0.2.{n}, {REAL_CLIENT}"  # the client wrote the first, our proxy the second
            response = await client.get("/search?q=x", headers={"X-Forwarded-For": xff})
            codes.append(response.status_code)
    return codes


async def test_broken_trusting_every_proxy_lets_a_spoofed_address_through(
    settings: Settings,
) -> None:
    everyone = [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
    loose = settings.model_copy(update={"anonymous_rate": Rate(3, 60), "trusted_proxies": everyone})
    assert await spoofed_statuses(loose) == [200] * 10  # ten "clients", one of each


async def test_fixed_only_our_proxy_is_trusted_and_the_limit_holds(settings: Settings) -> None:
    ours = [ipaddress.ip_network(f"{PEER}/32")]
    strict = settings.model_copy(update={"anonymous_rate": Rate(3, 60), "trusted_proxies": ours})
    assert await spoofed_statuses(strict) == [200] * 3 + [429] * 7
