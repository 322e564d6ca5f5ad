"""A library that hijacks the application's logging. Do not write libraries like this.

Two mistakes, both seen in real packages:
- `logging.basicConfig()` at import time. It installs a plain-text handler on the *root*
  logger. The application imports the library at the top of its module, before its own
  `main()` configures logging; the application's later `basicConfig(...)` then does nothing
  at all, because the root logger "already has handlers". No error, no warning.
- `print()` for diagnostics. It writes to stdout, which in a container is the log stream:
  a JSON-lines collector now meets a line that is not JSON.
"""

from __future__ import annotations

import ipaddress
import logging

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s:%(name)s:%(message)s")
logger = logging.getLogger(__name__)

_TABLE = {"81.2.69.": "GB", "89.160.20.": "SE", "2.125.160.": "GB", "175.16.199.": "CN"}


def lookup(ip: str) -> str | None:
    """The country code for an IPv4 address, or None if it is unknown."""
    address = ipaddress.IPv4Address(ip)
    print(f"chatty_geo: looking up {address}")  # the second mistake
    for prefix, country in _TABLE.items():
        if str(address).startswith(prefix):
            logger.debug("cache miss for %s, resolved to %s", address, country)
            return country
    logger.warning("no country for %s", address)
    return None
