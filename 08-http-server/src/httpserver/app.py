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
from typing import Annotated

from fastapi import FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from httpserver._limits import BodySizeLimit
from httpserver._settings import Settings
from httpserver._store import NoteStore

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


def _store(request: Request) -> NoteStore:
    store: NoteStore = request.app.state.store
    return store


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. With no argument, read `Settings` from the environment."""
    settings = Settings.from_env() if settings is None else settings

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

    app = FastAPI(title="httpserver notes", version="0.1.0", lifespan=lifespan)

    @app.get("/healthz")
    def healthz(request: Request) -> Health:
        return Health(status="ok", notes=_store(request).count())

    @app.post("/notes", status_code=201)
    def add_note(note: NoteIn, request: Request) -> NoteOut:
        saved = _store(request).add(note.title, note.body)
        return NoteOut(id=saved.id, title=saved.title, body=saved.body)

    @app.get("/notes/{note_id}", responses={404: {"description": "No such note"}})
    def get_note(
        note_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)], request: Request
    ) -> NoteOut:
        found = _store(request).get(note_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"note {note_id} not found")
        return NoteOut(id=found.id, title=found.title, body=found.body)

    if settings.gate_dir is not None:
        _mount_lab_route(app, settings.gate_dir)

    # Outermost: oversized bodies are refused before FastAPI parses anything.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


def _mount_lab_route(app: FastAPI, gate_dir: Path) -> None:
    """`POST /lab/slow/{name}`: a request that stays in flight until a test opens its gate.

    It touches `<name>.started` when it begins (so the test knows it is in flight), waits for
    `<name>.open`, then uses the store, as a real request would after a slow step.
    """

    @app.post("/lab/slow/{name}")
    async def slow(
        name: Annotated[str, PathParam(pattern=r"^[a-z0-9-]{1,32}$")], request: Request
    ) -> SlowResult:
        (gate_dir / f"{name}.started").touch()
        # The gate is a file another process creates: there is no Event to await, so poll.
        while not (gate_dir / f"{name}.open").exists():  # noqa: ASYNC110
            await asyncio.sleep(GATE_POLL_SECONDS)
        store = _store(request)
        return SlowResult(name=name, notes=await asyncio.to_thread(store.count))
