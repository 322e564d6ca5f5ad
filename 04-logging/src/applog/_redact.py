"""A structlog processor that replaces the values of sensitive keys, at any depth.

It runs on every event, structlog's and stdlib's alike, just before rendering: the last
place a password can be stopped on its way to a log shipper that keeps it for a year.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from structlog.typing import EventDict, WrappedLogger

REDACTED = "[REDACTED]"

DEFAULT_KEYS = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "authorization",
        "cookie",
        "set_cookie",
        "private_key",
        "card_number",
    }
)
DEFAULT_SUFFIXES = ("_password", "_secret", "_token")


def _normalise(key: str) -> str:
    return key.lower().replace("-", "_")


class Redactor:
    """Replace the value of every key that looks sensitive with ``[REDACTED]``.

    Keys are compared case-insensitively with ``-`` read as ``_``, so ``Authorization``,
    ``X-Api-Key`` style headers and ``refresh_token`` are all caught. Nested dicts, lists and
    tuples are walked; the event dict given is not mutated in its nested parts (a caller's
    own dict must not lose its password because it was logged).
    """

    def __init__(
        self,
        keys: Iterable[str] = DEFAULT_KEYS,
        suffixes: Iterable[str] = DEFAULT_SUFFIXES,
    ) -> None:
        self.keys = frozenset(_normalise(k) for k in keys)
        self.suffixes = tuple(_normalise(s) for s in suffixes)

    def is_sensitive(self, key: str) -> bool:
        name = _normalise(key)
        return name in self.keys or name.endswith(self.suffixes)

    def _clean(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: REDACTED if isinstance(k, str) and self.is_sensitive(k) else self._clean(v)
                for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            # A header pair, as ASGI gives them: (b"authorization", b"Bearer x"), or a
            # ("authorization", "Bearer x") tuple. Lists of plain strings are left alone.
            first = value[0] if len(value) == 2 else None
            cleaned = [self._clean(v) for v in value]
            if isinstance(first, bytes) or (isinstance(value, tuple) and isinstance(first, str)):
                name = first.decode("latin-1") if isinstance(first, bytes) else first
                if self.is_sensitive(name):
                    cleaned = [first, REDACTED]
            # A plain list or tuple back, never type(value)(...): a NamedTuple's constructor
            # takes one argument per field, and a processor that raises loses the whole line.
            return cleaned if isinstance(value, list) else tuple(cleaned)
        return value

    def __call__(self, _logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
        cleaned: EventDict = self._clean(event_dict)
        return cleaned
