"""`Retry-After` (RFC 9110) and the `RateLimit` / `RateLimit-Policy` fields of
draft-ietf-httpapi-ratelimit-headers-10 (structured fields, RFC 9651):

    RateLimit-Policy: "free";q=60;w=60      quota q requests per window w seconds
    RateLimit: "free";r=12;t=48             r remaining now, the quota is whole in t seconds

A draft, not an RFC: clients may know older versions (`X-RateLimit-*`, or draft 06's
`RateLimit-Limit`/`-Remaining`/`-Reset`). Whole seconds, rounded up: a client that waits
`Retry-After` seconds must find room, never be refused again.
"""

from __future__ import annotations

import math

from throttle.algorithms import Decision


def ratelimit_headers(decision: Decision, policy: str, period: float) -> dict[str, str]:
    headers = {
        "RateLimit-Policy": f'"{policy}";q={decision.limit};w={math.ceil(period)}',
        "RateLimit": f'"{policy}";r={decision.remaining};t={math.ceil(decision.reset)}',
    }
    if not decision.allowed:
        headers["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
    return headers
