"""The three wrong orders of the README's "Break it" labs: `MIDDLEWARE` with one line moved.

Each is also a patch in labs/ that a learner applies to `app.py`; `tests/test_labs.py` proves it.

Every layer is correct on its own; only the order is wrong, which is why these bugs pass
code review: the diff that causes them is one moved line.
"""

from __future__ import annotations

from routing.app import Layer

# (a) The log line is written by a layer that rejected requests never reach: every 401 is
# missing from the logs (and from the dashboards and alerts built on them), and the 401
# response carries no X-Request-ID for the client to quote.
LOGGING_INSIDE_AUTH: tuple[Layer, ...] = ("cors", "rate_limit", "auth", "request_log")

# (b) Every request, valid key or not, pays for the key lookup (in production a database
# query or a call to an identity provider) before the limiter can refuse it: an
# unauthenticated flood is never rate limited (it gets 401s, not 429s).
RATE_LIMIT_AFTER_AUTH: tuple[Layer, ...] = ("request_log", "cors", "auth", "rate_limit")

# (c) A browser's CORS preflight (OPTIONS, sent without credentials by design) meets auth
# first and gets a 401, so the browser never sends the real request. Also, every 401 lacks
# Access-Control-Allow-Origin, so browser code cannot even read the error.
AUTH_OUTSIDE_CORS: tuple[Layer, ...] = ("request_log", "rate_limit", "auth", "cors")

LABS: dict[str, tuple[Layer, ...]] = {
    "logging-inside-auth": LOGGING_INSIDE_AUTH,
    "rate-limit-after-auth": RATE_LIMIT_AFTER_AUTH,
    "auth-outside-cors": AUTH_OUTSIDE_CORS,
}
