"""Who is limited, by which rate, and what happens when Redis cannot answer.

Layers, checked in this order for each request:

1. the client: the user in a valid bearer token, at the rate of the token's tier; anonymous
   traffic by client IP (`throttle.client_ip`) at `anonymous_rate`;
2. for an expensive route, a global limit shared by every client: the backend can do
   `report_global_rate` reports a minute in total, whoever asks.

The client limit comes first so that one client over its own limit never spends the shared
budget. Each route's `RoutePolicy` says whether it fails open or closed when the limiter is
down, and why, next to the choice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from redis.exceptions import RedisError
from starlette.requests import Request

from throttle.algorithms import Decision
from throttle.client_ip import client_address, client_key
from throttle.errors import LimiterUnavailable, NotAuthenticated, RateLimited
from throttle.rates import Rate
from throttle.redis_limiter import RedisLimiter
from throttle.settings import Settings
from throttle.tokens import Identity, read_token

log = logging.getLogger("throttle")


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    name: str
    fail_open: bool
    reason: str


SEARCH = RoutePolicy(
    "search",
    fail_open=True,
    reason="a cheap read: refusing every search while Redis is down would turn a cache-sized "
    "outage into a site outage, and the in-process cost of a search is small",
)
LOGIN = RoutePolicy(
    "login",
    fail_open=False,
    reason="the limit is what slows a password guesser down; without it, answer 503 and let "
    "real users retry in a few seconds rather than give an attacker unlimited guesses",
)
REPORT = RoutePolicy(
    "report",
    fail_open=True,
    reason="expensive, but the in-flight limit (throttle.inflight) still bounds the load on "
    "the backend without Redis, so failing open degrades to 'bounded' rather than 'unlimited'",
)


@dataclass(frozen=True, slots=True)
class Limited:
    """An allowed decision and the policy it came from, for the RateLimit response headers."""

    decision: Decision
    policy: str
    period: float


class Guard:
    def __init__(self, limiter: RedisLimiter, settings: Settings) -> None:
        self.limiter = limiter
        self.settings = settings

    def client_ip_key(self, request: Request) -> str:
        peer = request.client.host if request.client else ""
        forwarded = request.headers.getlist("x-forwarded-for")
        address = client_address(peer, forwarded, self.settings.trusted_proxies)
        return client_key(address, self.settings.ipv6_prefix)

    def identify(self, request: Request) -> Identity:
        """The token's user and tier; anonymous traffic by client IP. A bad token is a 401."""
        header = request.headers.get("authorization", "")
        if not header:
            return Identity(key=self.client_ip_key(request), tier="anonymous")
        scheme, _, token = header.partition(" ")
        secret = self.settings.token_secret.get_secret_value()
        identity = read_token(secret, token.strip()) if scheme.lower() == "bearer" else None
        if identity is None:
            raise NotAuthenticated("invalid token")
        return identity

    async def check(self, route: RoutePolicy, policy: str, key: str, rate: Rate) -> Limited | None:
        """Spend one request of `key` under `rate`: raises RateLimited when it is used up.

        None means the limiter could not answer and the route fails open.
        """
        try:
            decision = await self.limiter.check(f"{route.name}:{key}", rate)
        except RedisError as exc:
            if route.fail_open:
                log.warning("rate limiter down, %s fails open: %s", route.name, exc, exc_info=True)
                return None
            raise LimiterUnavailable(f"{route.name} fails closed: {route.reason}") from exc
        if not decision.allowed:
            raise RateLimited(decision, policy, rate.period)
        return Limited(decision, policy, rate.period)

    async def check_client(self, route: RoutePolicy, request: Request) -> Limited | None:
        identity = self.identify(request)
        rate = self.settings.tier_rate(identity.tier)
        return await self.check(route, identity.tier, identity.key, rate)
