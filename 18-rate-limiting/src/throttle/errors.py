"""The lesson's exceptions; `throttle.app` maps each to a status code in one place.

ThrottleError
├── RateLimited          429, with Retry-After and the RateLimit headers
├── LimiterUnavailable   503: Redis is down and the route fails closed
├── Overloaded           503: too many requests in flight or queued (load shedding)
└── NotAuthenticated     401: a token that is not valid
"""

from __future__ import annotations

from throttle.algorithms import Decision


class ThrottleError(Exception):
    """Base class: `except ThrottleError` catches every refusal this package makes."""


class RateLimited(ThrottleError):
    def __init__(self, decision: Decision, policy: str, period: float) -> None:
        super().__init__(f"rate limited by {policy}")
        self.decision = decision
        self.policy = policy
        self.period = period


class LimiterUnavailable(ThrottleError):
    """The limiter could not answer and the route's policy is to refuse (fail closed)."""


class Overloaded(ThrottleError):
    """Shed: the route has `max_in_flight` requests running and its queue is full or slow."""


class NotAuthenticated(ThrottleError):
    pass
