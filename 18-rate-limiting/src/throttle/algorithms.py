"""Five rate-limiting algorithms, in memory, on an injected clock.

Every limiter answers `allow(key, cost=1) -> Decision`. None of them reads the wall clock:
`clock` defaults to `time.monotonic` (it never steps back when NTP adjusts the wall clock), and
tests pass a function that returns whatever time they want, so no test ever sleeps.

All state lives in this process's dicts: fine for one process, wrong for several (each process
would give a client the whole limit again). `throttle.redis_limiter` is the shared version.

| algorithm | memory per key | precision | burst |
| --- | --- | --- | --- |
| token bucket | 2 numbers | exact | up to `burst`, then the steady rate |
| fixed window | 2 numbers | coarse | up to 2x the limit across a window boundary |
| sliding-window log | one timestamp per request (up to `limit`) | exact | the limit, no more |
| sliding-window counter | 3 numbers | approximate (assumes an even spread) | about the limit |
| GCRA | 1 number | exact | up to `burst`, then the steady rate |
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from throttle.rates import Rate

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Decision:
    """One answer. `retry_after` is 0 when allowed; `reset` is when the quota is whole again.

    Both are seconds from now: what the `Retry-After` and `RateLimit` headers report.
    """

    allowed: bool
    limit: int
    remaining: int
    retry_after: float
    reset: float


class Limiter(Protocol):
    def allow(self, key: str, cost: int = 1) -> Decision: ...


class TokenBucket:
    """A bucket of `burst` tokens per key, refilled at `rate.limit / rate.period` per second.

    A request takes `cost` tokens. A new key starts full, so a client can spend `burst` at once
    and then the steady rate. Two numbers per key: the tokens and when they were counted.
    """

    def __init__(self, rate: Rate, burst: int | None = None, clock: Clock = time.monotonic):
        self.rate = rate
        self.burst = burst if burst is not None else rate.limit
        self.per_second = rate.limit / rate.period
        self.clock = clock
        self._state: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, cost: int = 1) -> Decision:
        now = self.clock()
        tokens, updated = self._state.get(key, (float(self.burst), now))
        # max(0, ...): a clock that steps back must never add tokens.
        tokens = min(self.burst, tokens + max(0.0, now - updated) * self.per_second)
        allowed = tokens >= cost - 1e-9  # refills are float sums: allow for a few ulps
        if allowed:
            tokens = max(tokens - cost, 0.0)
        self._state[key] = (tokens, now)
        retry = 0.0 if allowed else (cost - tokens) / self.per_second
        reset = (self.burst - tokens) / self.per_second
        return Decision(allowed, self.burst, math.floor(tokens), retry, reset)


class FixedWindow:
    """A counter per key per window `[k * period, (k + 1) * period)`.

    Cheap and easy to read, and it lets up to twice the limit through around a boundary: the
    whole limit at the end of one window and again at the start of the next.
    """

    def __init__(self, rate: Rate, clock: Clock = time.monotonic):
        self.rate = rate
        self.clock = clock
        self._state: dict[str, tuple[int, int]] = {}

    def allow(self, key: str, cost: int = 1) -> Decision:
        now = self.clock()
        window = math.floor(now / self.rate.period)
        start, count = self._state.get(key, (window, 0))
        if start != window:
            count = 0
        allowed = count + cost <= self.rate.limit
        if allowed:
            count += cost
        self._state[key] = (window, count)
        until_next = (window + 1) * self.rate.period - now
        remaining = self.rate.limit - count
        return Decision(
            allowed, self.rate.limit, remaining, 0.0 if allowed else until_next, until_next
        )


class SlidingWindowLog:
    """Every allowed request's time, per key; allow while fewer than `limit` in the last period.

    Exact, and its memory grows with the limit: 10,000 requests an hour is 10,000 floats a key.
    """

    def __init__(self, rate: Rate, clock: Clock = time.monotonic):
        self.rate = rate
        self.clock = clock
        self._log: dict[str, deque[float]] = {}

    def allow(self, key: str, cost: int = 1) -> Decision:
        now = self.clock()
        log = self._log.setdefault(key, deque())
        while log and log[0] <= now - self.rate.period:
            log.popleft()
        allowed = len(log) + cost <= self.rate.limit
        if allowed:
            log.extend([now] * cost)
        remaining = self.rate.limit - len(log)
        reset = log[-1] + self.rate.period - now if log else 0.0
        if allowed:
            return Decision(True, self.rate.limit, remaining, 0.0, reset)
        # The request fits once enough of the oldest entries have left the window.
        needed = len(log) + cost - self.rate.limit
        retry = log[needed - 1] + self.rate.period - now if needed <= len(log) else reset
        return Decision(False, self.rate.limit, remaining, retry, reset)


class SlidingWindowCounter:
    """Two fixed-window counters, the current and the previous, blended by time.

    estimate = previous * (share of the last period still covered by the previous window)
             + current
    Three numbers per key and no boundary burst; it assumes the previous window's requests were
    spread evenly, so it is an approximation (Cloudflare measured 0.003% wrong answers).
    """

    def __init__(self, rate: Rate, clock: Clock = time.monotonic):
        self.rate = rate
        self.clock = clock
        self._state: dict[str, tuple[int, int, int]] = {}

    def allow(self, key: str, cost: int = 1) -> Decision:
        now = self.clock()
        period = self.rate.period
        window = math.floor(now / period)
        start, previous, current = self._state.get(key, (window, 0, 0))
        if window == start + 1:
            previous, current = current, 0
        elif window != start:
            previous, current = 0, 0
        overlap = 1.0 - (now - window * period) / period  # previous window's share still in view
        estimate = previous * overlap + current
        allowed = estimate + cost <= self.rate.limit
        if allowed:
            current += cost
            estimate += cost
        self._state[key] = (window, previous, current)
        until_next = (window + 1) * period - now
        remaining = max(0, math.floor(self.rate.limit - estimate))
        if allowed:
            return Decision(True, self.rate.limit, remaining, 0.0, until_next + period)
        room = self.rate.limit - current - cost
        if room >= 0:
            # Wait until the previous window's weight has shrunk enough to make room.
            retry = window * period + period * (1.0 - room / previous) - now
        else:
            # This window is full: in the next, `current` becomes the previous window's count.
            retry = until_next + period * max(0.0, 1.0 - (self.rate.limit - cost) / current)
        return Decision(False, self.rate.limit, remaining, max(retry, 0.0), until_next + period)


class GCRA:
    """The generic cell rate algorithm: one number per key, the theoretical arrival time (TAT).

    Each allowed request pushes the TAT `interval = period / limit` into the future; a request
    is refused while the TAT is more than `burst * interval` ahead of now. The same answers as a
    token bucket of `burst` tokens, with one stored number and no refill loop: the shape that
    fits in one Redis key (`throttle.redis_limiter`).
    """

    def __init__(self, rate: Rate, burst: int | None = None, clock: Clock = time.monotonic):
        self.rate = rate
        self.burst = burst if burst is not None else rate.limit
        self.interval = rate.interval
        self.tolerance = self.burst * self.interval
        self.clock = clock
        self._tat: dict[str, float] = {}

    def allow(self, key: str, cost: int = 1) -> Decision:
        now = self.clock()
        tat = max(self._tat.get(key, now), now)
        new_tat = tat + cost * self.interval
        allow_at = new_tat - self.tolerance
        if allow_at > now + 1e-9:  # float sums of `interval` drift by ulps; Redis uses integers
            remaining = math.floor((self.tolerance - (tat - now)) / self.interval)
            return Decision(False, self.burst, max(remaining, 0), allow_at - now, tat - now)
        self._tat[key] = new_tat
        remaining = math.floor((self.tolerance - (new_tat - now)) / self.interval + 1e-9)
        return Decision(True, self.burst, remaining, 0.0, new_tat - now)
