"""Break it, part 1: the request ID kept in a module global. Do not copy this.

A module global is one value for the whole process. Under asyncio every request in flight
shares it: request A stores its ID, awaits something, request B stores its own ID, and when
A resumes and logs, its line carries B's ID. Threads share it the same way. The bug is
silent: every line still has *a* request ID, just the wrong one.
"""

from __future__ import annotations

import structlog
from structlog.typing import EventDict, WrappedLogger

from applog._asgi import ASGIApp, Receive, Scope, Send
from applog._middleware import request_id_from

_current_request_id: str | None = None  # the bug: shared by every request in the process

log = structlog.stdlib.get_logger(__name__)


def add_global_request_id(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """A processor that stamps each event with whatever the global holds *right now*."""
    if _current_request_id is not None:
        event_dict["request_id"] = _current_request_id
    return event_dict


class GlobalRequestIdMiddleware:
    """Same job as RequestContextMiddleware, with the ID in a global instead of a contextvar."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        global _current_request_id
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        _current_request_id = request_id_from(scope["headers"])
        try:
            await self.app(scope, receive, send)
        finally:
            log.info("request.finished")
            _current_request_id = None
