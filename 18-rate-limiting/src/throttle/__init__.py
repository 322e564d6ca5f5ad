"""Rate limiting that protects a system: algorithms, a shared Redis limiter, and the app."""

from throttle.algorithms import (
    GCRA,
    Decision,
    FixedWindow,
    Limiter,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
)
from throttle.app import create_app
from throttle.bootstrap import redis_client
from throttle.client_ip import client_address, client_key
from throttle.errors import (
    LimiterUnavailable,
    NotAuthenticated,
    Overloaded,
    RateLimited,
    ThrottleError,
)
from throttle.headers import ratelimit_headers
from throttle.inflight import InFlightLimit
from throttle.rates import Rate
from throttle.redis_limiter import RedisLimiter
from throttle.settings import Settings
from throttle.tokens import Identity, issue_token, read_token

__all__ = [
    "GCRA",
    "Decision",
    "FixedWindow",
    "Identity",
    "InFlightLimit",
    "Limiter",
    "LimiterUnavailable",
    "NotAuthenticated",
    "Overloaded",
    "Rate",
    "RateLimited",
    "RedisLimiter",
    "Settings",
    "SlidingWindowCounter",
    "SlidingWindowLog",
    "ThrottleError",
    "TokenBucket",
    "client_address",
    "client_key",
    "create_app",
    "issue_token",
    "ratelimit_headers",
    "read_token",
    "redis_client",
]
