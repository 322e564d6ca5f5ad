"""The HTTP entrypoint (`notes-http`): the same service behind FastAPI.

The app's lifespan is this entrypoint's use of the composition root: the database opens
when the server starts and closes when it stops, never at import.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from notes.bootstrap import Settings, open_service
from notes.errors import InvalidNote, NoteNotFound, NotesError, StorageError
from notes.services import Note, NoteService

STATUS_FOR: dict[type[NotesError], int] = {
    InvalidNote: status.HTTP_422_UNPROCESSABLE_CONTENT,
    NoteNotFound: status.HTTP_404_NOT_FOUND,
    StorageError: status.HTTP_503_SERVICE_UNAVAILABLE,
}
log = logging.getLogger(__name__)


class NoteIn(BaseModel):
    text: str


def _service(request: Request) -> NoteService:
    service: NoteService = request.app.state.service
    return service


Service = Annotated[NoteService, Depends(_service)]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; `settings` default to the environment, read when the server starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_service(settings or Settings.from_env(os.environ)) as service:
            app.state.service = service
            yield

    app = FastAPI(title="notes", lifespan=lifespan)

    @app.exception_handler(NotesError)
    async def notes_error(request: Request, exc: NotesError) -> JSONResponse:
        code = STATUS_FOR.get(type(exc), status.HTTP_500_INTERNAL_SERVER_ERROR)
        if code < status.HTTP_500_INTERNAL_SERVER_ERROR:
            return JSONResponse({"detail": str(exc)}, status_code=code)
        # A server-side failure: the operator needs the traceback (with the driver's error as
        # __cause__); the client gets no file paths or SQL from inside the service.
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "storage unavailable, try again later"}, status_code=code)

    # Plain `def` endpoints: the repositories block, so FastAPI runs them in its thread pool.
    @app.post("/notes", status_code=status.HTTP_201_CREATED)
    def add_note(body: NoteIn, service: Service) -> Note:
        return service.add(body.text)

    @app.get("/notes")
    def list_notes(service: Service, pending: bool = False) -> list[Note]:
        return service.list(include_done=not pending)

    @app.post("/notes/{note_id}/done")
    def complete_note(note_id: int, service: Service) -> Note:
        return service.complete(note_id)

    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="notes-http", description="Serve notes over HTTP.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--db", metavar="PATH", help="as for `notes --db`")
    args = parser.parse_args(argv)
    settings = Settings(db=args.db) if args.db else None
    uvicorn.run(create_app(settings), host=args.host, port=args.port)
    return 0
