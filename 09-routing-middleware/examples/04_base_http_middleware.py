"""A ContextVar set by the handler, read by a log middleware afterwards: pure ASGI vs
BaseHTTPMiddleware (src/routing/base_http.py), over real HTTP."""

from __future__ import annotations

import httpx2 as httpx

from routing.base_http import BaseUserLog, PureUserLog, user_log_app
from routing.running import running


def main() -> None:
    for middleware in (PureUserLog, BaseUserLog):
        app, seen = user_log_app(middleware)
        with running(app) as url:
            response = httpx.get(f"{url}/me", timeout=10)
        print(
            f"{middleware.__name__:12} handler answered {response.json()}, log saw user={seen[0]}"
        )


if __name__ == "__main__":
    main()
