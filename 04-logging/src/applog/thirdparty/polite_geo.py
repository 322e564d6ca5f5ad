"""A library that logs the way a library should.

- One logger per module, named after the module, so the application can turn it up, down
  or off by name ("applog.thirdparty.polite_geo", or the whole "applog.thirdparty" tree).
- A NullHandler on it, and nothing else: no handler, no level, no basicConfig, no print.
  Where the records go, and in what format, is the application's decision.
- Lazy %-style arguments: the message is only built if some handler will emit it.
"""

from __future__ import annotations

import ipaddress
import logging

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_TABLE = {"81.2.69.": "GB", "89.160.20.": "SE", "2.125.160.": "GB", "175.16.199.": "CN"}


def lookup(ip: str) -> str | None:
    """The country code for an IPv4 address, or None if it is unknown."""
    address = ipaddress.IPv4Address(ip)  # ValueError for garbage: the caller's bug
    for prefix, country in _TABLE.items():
        if str(address).startswith(prefix):
            logger.debug("cache miss for %s, resolved to %s", address, country)
            return country
    logger.warning("no country for %s", address)
    return None
