"""X-Forwarded-For, walked from the right and trusted only from our own proxies."""

from __future__ import annotations

import ipaddress

import pytest

from throttle import client_address, client_key

PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        pytest.param("198.51.100.9", [], "198.51.100.9", id="no-proxy"),
        pytest.param("198.51.100.9", ["1.2.3.4"], "198.51.100.9", id="xff-from-a-stranger"),
        pytest.param("10.0.0.5", ["198.51.100.9"], "198.51.100.9", id="one-proxy"),
        pytest.param("10.0.0.5", ["1.2.3.4, 198.51.100.9"], "198.51.100.9", id="spoofed-left"),
        pytest.param("10.0.0.5", ["198.51.100.9, 10.0.0.6"], "198.51.100.9", id="two-proxies"),
        pytest.param("10.0.0.5", ["1.2.3.4", "198.51.100.9"], "198.51.100.9", id="two-headers"),
        pytest.param("10.0.0.5", ["nonsense"], "10.0.0.5", id="garbage-keeps-the-proxy"),
        pytest.param("::ffff:198.51.100.9", [], "198.51.100.9", id="ipv4-mapped"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == ipaddress.ip_address(client)


def test_ipv6_is_grouped_by_prefix_and_ipv4_is_not() -> None:
    six = ipaddress.ip_address("2001:db8:aa:bb:1:2:3:4")
    assert client_key(six, 64) == "ip:2001:db8:aa:bb::/64"
    assert client_key(six, 56) == "ip:2001:db8:aa::/56"
    assert client_key(ipaddress.ip_address("198.51.100.9"), 64) == "ip:198.51.100.9"
    assert client_key(None, 64) == "ip:unknown"
