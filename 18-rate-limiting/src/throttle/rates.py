"""A rate is a number of requests per period: `Rate.parse("10/min")`, `Rate.parse("30/10s")`.

Settings hold rates as text; parsing is strict so that a typo fails startup (exit 78) instead of
turning into "no limit" or "limit zero" at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "hour": 3600.0}
_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` requests per `period` seconds."""

    limit: int
    period: float

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"a limit must be at least 1 request, got {self.limit}")
        if not 0 < self.period <= 86_400:
            raise ValueError(f"a period must be in (0, 86400] seconds, got {self.period}")

    @classmethod
    def parse(cls, text: str) -> Rate:
        """`"<n>/<unit>"` or `"<n>/<k><unit>"`, unit one of s, sec, m, min, h, hour."""
        match = _PATTERN.match(text.lower())
        if match is None or match[3] not in _UNITS:
            raise ValueError(f"{text!r} is not a rate like '10/min' or '30/10s'")
        count, multiple, unit = match.groups()
        return cls(int(count), float(multiple or 1) * _UNITS[unit])

    @property
    def interval(self) -> float:
        """Seconds between two requests at the steady rate (GCRA's emission interval)."""
        return self.period / self.limit

    def __str__(self) -> str:
        return f"{self.limit}/{self.period:g}s"
