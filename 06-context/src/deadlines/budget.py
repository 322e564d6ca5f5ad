"""A deadline that travels down the call stack, like Go's ctx.Deadline().

asyncio.timeout() cancels the code under it, but the code under it cannot ask "how much time
do I have left?". Layers need that number to:

- give each dependency call min(its own timeout, what is left of the request),
- skip a retry that cannot finish in time,
- hand the budget across a boundary that cancellation cannot cross: a worker thread, a
  subprocess, a database (`SET statement_timeout`), an HTTP header for the next service.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from deadlines.errors import DeadlineExceeded

__all__ = ["Deadline"]

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Deadline:
    """An absolute point in time on a monotonic clock.

    Store the *absolute* expiry, never a relative timeout: "2 seconds" means something
    different in each layer, "at t=1234.5" means the same thing everywhere.
    """

    expires_at: float
    clock: Clock = field(default=time.monotonic, repr=False, compare=False)

    @classmethod
    def after(cls, seconds: float, clock: Clock = time.monotonic) -> Deadline:
        """A deadline `seconds` from now (what an HTTP handler creates per request)."""
        if seconds < 0:
            raise ValueError(f"a budget cannot be negative: {seconds!r}")
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.expires_at - self.clock())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def timeout(self, own: float | None = None) -> float:
        """The timeout for one call: min(the call's own timeout, what is left).

        Raises DeadlineExceeded instead of returning 0: starting work that is already late
        only adds load to a dependency for an answer nobody will read.
        """
        left = self.remaining()
        if left <= 0.0:
            raise DeadlineExceeded("deadline already passed before the call started")
        return left if own is None else min(own, left)

    def child(self, own: float) -> Deadline:
        """A tighter deadline for a sub-operation; it never extends the parent's."""
        return Deadline(min(self.expires_at, self.clock() + own), self.clock)
