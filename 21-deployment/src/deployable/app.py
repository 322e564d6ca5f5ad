"""The service: a greeting that counts visits in Postgres and asks a downstream service.

Probes, each on a real route:
- `/livez`: the process can answer. It checks no dependency: a database outage must not make
  the kubelet restart every pod (restarts fix nothing there, and they add a stampede).
- `/readyz`: this pod should get traffic. It fails as soon as shutdown starts, and while the
  database is unreachable, so the Service stops routing here.
"""

from __future__ import annotations

import logging
from typing import Annotated

import httpx
from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse

from deployable import _db
from deployable._settings import Settings
from deployable.errors import DependencyUnavailable
from deployable.lifecycle import Lifecycle

log = logging.getLogger("deployable")
UPSTREAM_TIMEOUT = httpx.Timeout(2.0)
Name = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[a-z]+$")]


def create_app(settings: Settings, lifecycle: Lifecycle | None = None) -> FastAPI:
    life = lifecycle or Lifecycle()
    docs = "/docs" if settings.expose_docs else None
    app = FastAPI(
        title="deployable", docs_url=docs, redoc_url=None, openapi_url=docs and "/openapi.json"
    )
    dsn = settings.database_dsn()

    @app.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "alive"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        if life.draining:
            return JSONResponse({"status": "draining"}, status_code=503)
        try:
            await _db.ping(dsn)
        except DependencyUnavailable:
            log.warning("not ready: the database is unreachable", exc_info=True)
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.get("/hello/{name}")
    async def hello(name: Name) -> JSONResponse:
        try:
            visits = await _db.count_visit(dsn, name)
        except DependencyUnavailable:
            log.warning("hello: the database is unreachable", exc_info=True)
            return JSONResponse({"detail": "database unreachable"}, status_code=503)
        headers = {}
        if settings.upstream_token is not None:
            headers["Authorization"] = f"Bearer {settings.upstream_token.get_secret_value()}"
        try:
            async with httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT) as client:
                answer = await client.get(
                    f"{settings.upstream_url}/greeting", params={"name": name}, headers=headers
                )
            answer.raise_for_status()
            greeting = str(answer.json()["greeting"])
        except (httpx.HTTPError, ValueError, KeyError):
            log.warning("hello: the upstream failed", exc_info=True)
            return JSONResponse({"detail": "upstream failed"}, status_code=502)
        return JSONResponse({"greeting": greeting, "visits": visits})

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        """Read the whole body, then answer its size: the in-flight request of the drain tests."""
        body = await request.body()
        return {"bytes": len(body)}

    return app
