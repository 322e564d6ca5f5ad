"""Test helpers: a clock tests move by hand, and the bound on any wait."""

from __future__ import annotations

# A hang in a test is bounded by this, never a measured duration: generous on purpose.
GUARD = 10.0


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
