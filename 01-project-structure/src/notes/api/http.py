"""The HTTP entrypoint (`notes-http`): the same service behind FastAPI.

The app's lifespan is this entrypoint's use of the composition root: the database opens
when the server starts and closes when it stops, never at import.

Errors are mapped in one place (`_error_response`): InvalidNote 422 (in the same list shape as
FastAPI's own validation errors), NoteNotFound 404, StorageError 503, anything unexpected 500.
Every 5xx is logged with its traceback and the request's id, which the client also gets in
the `X-Request-ID` header; the body says nothing about SQLite. The OpenAPI schema lists each
of these statuses on the routes that can return them.
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import re
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from types import FrameType
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from uvicorn.config import LOGGING_CONFIG

from notes.bootstrap import Settings, open_service
from notes.errors import InvalidNote, NoteNotFound, NotesError, StorageError
from notes.services import Note, NoteService

EX_UNAVAILABLE = 69  # the course's exit code for "a port or service it needs cannot be had"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # a client's id is echoed only if it is tame
log = logging.getLogger(__name__)


class NoteIn(BaseModel):
    text: str


class ErrorOut(BaseModel):
    detail: str


# What the schema promises besides each route's success and FastAPI's own 422.
SERVER_ERRORS: dict[int | str, dict[str, Any]] = {
    status.HTTP_500_INTERNAL_SERVER_ERROR: {"model": ErrorOut, "description": "a bug, logged"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"model": ErrorOut, "description": "storage failed"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"model": ErrorOut, "description": "no note with this id"},
}


def _service(request: Request) -> NoteService:
    service: NoteService = request.app.state.service
    return service


Service = Annotated[NoteService, Depends(_service)]


def _error_response(request: Request, exc: Exception) -> JSONResponse:
    """The one mapping from exceptions to responses; logs every 5xx with the request id."""
    match exc:
        case InvalidNote():
            # The same shape as FastAPI's validation errors: one 422 body for the client.
            detail = [{"type": "value_error", "loc": ["body", "text"], "msg": str(exc)}]
            return JSONResponse({"detail": detail}, status_code=422)
        case NoteNotFound():
            return JSONResponse({"detail": str(exc)}, status_code=404)
        case StorageError():
            code, message = 503, "storage unavailable, try again later"
        case _:
            code, message = 500, "internal error"
    request_id = getattr(request.state, "request_id", "-")
    # The operator needs the traceback (with the driver's error as __cause__) and the id the
    # client was given; the client gets no file paths or SQL from inside the service.
    log.error(
        "%s %s failed with %d (request %s)",
        *(request.method, request.url.path, code, request_id),
        exc_info=exc,
        extra={"request_id": request_id},
    )
    return JSONResponse({"detail": message}, status_code=code)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; `settings` default to the environment, read when the server starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_service(settings or Settings.from_env(os.environ)) as service:
            app.state.service = service
            yield

    app = FastAPI(title="notes", lifespan=lifespan, responses=SERVER_ERRORS)

    @app.middleware("http")
    async def request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get("x-request-id", "")
        request.state.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        try:
            response = await call_next(request)
        # The outermost boundary: a bug below is answered (500) and logged here, with the id.
        except Exception as exc:  # noqa: BLE001
            response = _error_response(request, exc)
        response.headers["X-Request-ID"] = request.state.request_id
        return response

    @app.exception_handler(NotesError)
    async def notes_error(request: Request, exc: NotesError) -> JSONResponse:
        return _error_response(request, exc)

    # Plain `def` endpoints: the repositories block, so FastAPI runs them in its thread pool.
    @app.post("/notes", status_code=status.HTTP_201_CREATED)
    def add_note(body: NoteIn, service: Service) -> Note:
        return service.add(body.text)

    @app.get("/notes")
    def list_notes(service: Service, pending: bool = False) -> list[Note]:
        return service.list(include_done=not pending)

    @app.post("/notes/{note_id}/done", responses=NOT_FOUND)
    def complete_note(note_id: int, service: Service) -> Note:
        return service.complete(note_id)

    return app


def log_config() -> dict[str, Any]:
    """uvicorn's logging config, plus the `notes` loggers on its stderr handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["notes"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn drains on SIGTERM, restores the handler it found (this one) and re-raises the
    # signal: a drained shutdown then exits 0, what an orchestrator expects.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="notes-http", description="Serve notes over HTTP.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--db", metavar="PATH", help="as for `notes --db`")
    args = parser.parse_args(argv)
    settings = Settings(db=args.db) if args.db else Settings.from_env(os.environ)
    try:
        # Fail before binding, with one line: the lifespan would open the same database, but
        # a failure there is logged as a traceback by Starlette.
        with open_service(settings):
            pass
    except StorageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EX_UNAVAILABLE
    config = uvicorn.Config(
        create_app(settings), host=args.host, port=args.port, log_config=log_config()
    )
    # Ctrl-C: uvicorn drains, restores this default handler and re-raises SIGINT, so the
    # process ends *by* SIGINT (what a calling shell script checks), with no traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        # uvicorn exits 3 when it cannot bind the port or the lifespan cannot open the
        # database; in the course's table that is 69: something it needs cannot be had.
        if not server.started:
            return EX_UNAVAILABLE
        raise  # our SIGTERM handler's SystemExit(0), after the drain
    return 0 if server.started else EX_UNAVAILABLE
