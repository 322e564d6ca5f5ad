"""Which address is the client? `X-Forwarded-For`, trusted only from configured proxies.

Each proxy appends the address it received the request from, so the header reads
`client, proxy1, proxy2` and the TCP peer is the last proxy. Anyone can send the header with
any value: only the entries *our* proxies appended are facts. So walk from the right: while
the address in hand is one of our proxies, the entry before it is what that proxy saw. The
first address that is not ours is the client. Whatever is left of it was written by the client
and is ignored (lab 03 shows what trusting it costs).

IPv6 clients are grouped by prefix: one customer usually gets a whole /64 (2^64 addresses),
so a per-address limit is a per-request limit for anyone who rotates addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:203.0.113.9 is the IPv4 client 203.0.113.9
    return address


def client_address(
    peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]
) -> Address | None:
    """The client's address: `peer` is the TCP peer, `forwarded_for` every XFF header's value."""
    address = _parse(peer)
    hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
    while address is not None and hops and any(address in network for network in trusted):
        previous = _parse(hops.pop())
        if previous is None:
            break  # garbage from our own proxy's side: keep the last address we could trust
        address = previous
    return address


def client_key(address: Address | None, ipv6_prefix: int) -> str:
    """The rate-limit key for an address: IPv4 as is, IPv6 as its /`ipv6_prefix` network."""
    if address is None:
        return "ip:unknown"
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, ipv6_prefix), strict=False)
        return f"ip:{network}"
    return f"ip:{address}"
