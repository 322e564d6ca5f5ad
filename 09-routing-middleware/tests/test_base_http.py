"""Why pure ASGI: a ContextVar set downstream is lost to a BaseHTTPMiddleware."""

from __future__ import annotations

from routing.base_http import BaseUserLog, PureUserLog, user_log_app
from tests.support import client


def test_broken_base_http_middleware_cannot_see_a_contextvar_set_by_the_handler() -> None:
    app, seen = user_log_app(BaseUserLog)
    assert client(app).get("/me").json() == {"user": "alice"}
    assert seen == [None], "call_next ran the handler in another task: its context is gone"


def test_fixed_pure_asgi_middleware_sees_the_contextvar_set_by_the_handler() -> None:
    app, seen = user_log_app(PureUserLog)
    assert client(app).get("/me").json() == {"user": "alice"}
    assert seen == ["alice"]


def test_even_pure_asgi_cannot_see_a_contextvar_set_by_a_sync_handler() -> None:
    """A `def` handler runs in a worker thread on a copy of the context (the README's
    Go table): what it sets stays in that copy, whatever kind the middleware is."""
    app, seen = user_log_app(PureUserLog, sync_handler=True)
    assert client(app).get("/me").json() == {"user": "alice"}
    assert seen == [None]
