"""Why this lesson's middlewares are pure ASGI and not `BaseHTTPMiddleware`, in one case.

A common wish: the access log line should name the user. Auth (a dependency, or the
handler) learns the user, sets a `ContextVar`, and the log middleware reads it once the
response is done. Both middlewares below try exactly that:

- `PureUserLog` (pure ASGI) calls the inner app in its own task, so a `ContextVar` set
  downstream is visible to it afterwards, provided it was set by `async def` code: FastAPI
  runs a `def` handler or dependency in a worker thread on a *copy* of the context, and
  what it sets there is lost to every middleware.
- `BaseUserLog` (`BaseHTTPMiddleware`) runs the inner app through `call_next`, which runs it
  in a *new task* (an anyio task group plus a memory stream carrying the response): the new
  task has a copy of the context, and what it sets never comes back. The log says None.

Both record what they saw in `seen`, a list a test or an example can read.
"""

from __future__ import annotations

from contextvars import ContextVar

from fastapi import FastAPI, Request, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.types import ASGIApp, Receive, Scope, Send

current_user: ContextVar[str | None] = ContextVar("current_user", default=None)


class PureUserLog:
    def __init__(self, app: ASGIApp, seen: list[str | None]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.seen.append(current_user.get())


class BaseUserLog(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, seen: list[str | None]) -> None:
        super().__init__(app)
        self.seen = seen

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        self.seen.append(current_user.get())
        return response


def user_log_app(
    middleware: type[PureUserLog] | type[BaseUserLog], *, sync_handler: bool = False
) -> tuple[FastAPI, list[str | None]]:
    """An app whose handler sets `current_user`, wrapped in `middleware`; and its `seen`.

    `sync_handler=True` makes the handler a plain `def`, which FastAPI runs in a thread."""
    seen: list[str | None] = []
    app = FastAPI()

    if sync_handler:

        @app.get("/me")
        def me_in_a_thread() -> dict[str, str]:
            current_user.set("alice")
            return {"user": "alice"}

    else:

        @app.get("/me")
        async def me() -> dict[str, str]:
            current_user.set("alice")  # what an auth dependency would do
            return {"user": "alice"}

    app.add_middleware(middleware, seen=seen)
    return app, seen
