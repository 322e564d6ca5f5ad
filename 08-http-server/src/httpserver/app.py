"""The course's real server: a FastAPI app whose lifespan owns its resources.

`create_app()` is the composition root. uvicorn calls it (`--factory`), runs the lifespan
startup (open the store), serves, and on shutdown runs the code after `yield` (close the
store) only once the in-flight requests have finished or the graceful bound has expired.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware import Middleware

from httpserver._errors import LogServerErrors
from httpserver._limits import BodySizeLimit
from httpserver._settings import Settings
from httpserver._store import NoteStore
from httpserver._timeout import HandlerTimeout

log = logging.getLogger("httpserver")

GATE_POLL_SECONDS = 0.02


class NoteIn(BaseModel):
    """What a client may send. `extra="forbid"`: a misspelt field is a 422, not silence."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=10_000)


class NoteOut(BaseModel):
    id: int
    title: str
    body: str


class Health(BaseModel):
    status: str
    notes: int


class SlowResult(BaseModel):
    name: str
    notes: int


class Problem(BaseModel):
    """The body of an error this app answers itself (400, 404, 503)."""

    detail: str


class BodyTooLarge(BaseModel):
    """The body of `BodySizeLimit`'s 413, shaped like a validation error list."""

    detail: list[dict[str, Any]]


# Statuses every route can answer besides its own, so the OpenAPI schema tells the truth.
BUSY: dict[int | str, dict[str, Any]] = {
    503: {
        "model": Problem,
        "description": "Took longer than the handler timeout (JSON), or uvicorn's own "
        "answer past --limit-concurrency (text/plain)",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
}
JSON_BODY: dict[int | str, dict[str, Any]] = {
    **BUSY,
    400: {"model": Problem, "description": "The body is not UTF-8 JSON"},
    413: {"model": BodyTooLarge, "description": "The body is larger than the limit"},
}


def get_store(request: Request) -> NoteStore:
    """The store the lifespan opened (a FastAPI dependency)."""
    store: NoteStore = request.app.state.store
    return store


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. With no argument, read `Settings` from the environment."""
    settings = Settings() if settings is None else settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = NoteStore(settings.db_path)
        store.open()
        app.state.store = store
        if settings.lab == "eager-exit":
            from httpserver.broken import install_eager_exit

            install_eager_exit(store)
        log.info("lifespan.startup db=%s", settings.db_path)
        try:
            yield
        finally:
            # Runs after the server has drained (or given up on) in-flight requests.
            store.close()
            log.info("lifespan.shutdown store closed")

    app = FastAPI(
        title="httpserver notes",
        version="0.1.0",
        lifespan=lifespan,
        # The first entry is outermost: the request ID exists before anything can fail,
        # the timeout covers reading the body too, oversized bodies never reach FastAPI.
        middleware=[
            Middleware(LogServerErrors),
            Middleware(HandlerTimeout, seconds=settings.handler_timeout),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
        ],
    )

    @app.get("/healthz", responses=BUSY)
    def healthz(store: Annotated[NoteStore, Depends(get_store)]) -> Health:
        return Health(status="ok", notes=store.count())

    @app.post("/notes", status_code=201, responses=JSON_BODY)
    def add_note(note: NoteIn, store: Annotated[NoteStore, Depends(get_store)]) -> NoteOut:
        saved = store.add(note.title, note.body)
        return NoteOut(id=saved.id, title=saved.title, body=saved.body)

    @app.get("/notes/{note_id}", responses={**BUSY, 404: {"model": Problem}})
    def get_note(
        note_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)],
        store: Annotated[NoteStore, Depends(get_store)],
    ) -> NoteOut:
        found = store.get(note_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"note {note_id} not found")
        return NoteOut(id=found.id, title=found.title, body=found.body)

    if settings.gate_dir is not None:
        _mount_lab_route(app, settings.gate_dir)
    return app


def _mount_lab_route(app: FastAPI, gate_dir: Path) -> None:
    """`POST /lab/slow/{name}`: a request that stays in flight until a test opens its gate.

    It touches `<name>.started` when it begins (so the test knows it is in flight), waits for
    `<name>.open`, then uses the store, as a real request would after a slow step. If it is
    cancelled instead (handler timeout, graceful bound), it touches `<name>.cancelled`.
    """

    @app.post("/lab/slow/{name}", responses=BUSY)
    async def slow(
        name: Annotated[str, PathParam(pattern=r"^[a-z0-9-]{1,32}$")],
        store: Annotated[NoteStore, Depends(get_store)],
    ) -> SlowResult:
        (gate_dir / f"{name}.started").touch()
        try:
            # The gate is a file another process creates: there is no Event to await, so poll.
            while not (gate_dir / f"{name}.open").exists():  # noqa: ASYNC110
                await asyncio.sleep(GATE_POLL_SECONDS)
        except asyncio.CancelledError:
            (gate_dir / f"{name}.cancelled").touch()
            raise
        return SlowResult(name=name, notes=await asyncio.to_thread(store.count))
