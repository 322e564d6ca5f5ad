"""The composition root, and the ONE place where the middleware order is set.

`MIDDLEWARE` lists the layers **outermost first**. A request goes through them top to
bottom, reaches the router, and its response comes back bottom to top:

    request_log   sees every request and every final status (401, 429, preflights too)
    cors          answers preflights; adds CORS headers to every response, errors included
    rate_limit    cheap: refuses floods before the key lookup
    auth          looks the API key up (in production, a database query)
    (router)      404 / 405 / 422 / your handlers

`build_app()` passes the list to `FastAPI(middleware=[...])`, where the first entry is the
outermost. It deliberately does not call `app.add_middleware()` once per layer: each call
wraps everything added before it, so there the LAST call is the outermost, and the source
reads upside down.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Literal

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from routing._settings import Settings, load_settings
from routing.auth import ApiKeyMiddleware, KeyVerifier, principal_from_state, require_principal
from routing.ratelimit import Clock, RateLimiter, RateLimitMiddleware
from routing.request_log import RequestLogMiddleware
from routing.routes import RATE_LIMITED, WhoDependency, public_router, v1_router, v2_router

Layer = Literal["request_log", "cors", "rate_limit", "auth"]

# Outermost first, one layer per line: each Break it lab in the README moves one line.
MIDDLEWARE: tuple[Layer, ...] = (
    "request_log",  # sees every request and the status that really went out
    "cors",  # answers preflights (no credentials) and labels every answer, 401/429 too
    "rate_limit",  # the cheap refusal, before the key lookup it protects
    "auth",
)

# Paths the auth middleware lets through without a key (exact matches).
PUBLIC_PATHS = ("/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect")


def middleware_stack(
    order: Sequence[Layer], settings: Settings, limiter: RateLimiter, verifier: KeyVerifier
) -> list[Middleware]:
    """One `Middleware` per layer name, in the order given (outermost first)."""
    if len(set(order)) != len(order):
        raise ValueError(f"a layer appears twice in {order}")
    layers: dict[Layer, Middleware] = {
        "request_log": Middleware(RequestLogMiddleware),
        "cors": Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET"],
            allow_headers=["authorization", "content-type", "x-request-id"],
            # Without this, browser JavaScript cannot read these response headers.
            expose_headers=["x-request-id", "retry-after"],
            max_age=600,
        ),
        "rate_limit": Middleware(RateLimitMiddleware, limiter=limiter),
        "auth": Middleware(ApiKeyMiddleware, verifier=verifier, public_paths=PUBLIC_PATHS),
    }
    return [layers[name] for name in order]


def build_app(
    settings: Settings | None = None,
    *,
    order: Sequence[Layer] = MIDDLEWARE,
    clock: Clock = time.monotonic,
) -> FastAPI:
    """Build the app. `order` is outermost first; `clock` drives the rate limiter."""
    settings = Settings() if settings is None else settings
    verifier = KeyVerifier(settings.api_keys)
    limiter = RateLimiter(settings.rate_capacity, settings.rate_per_second, clock=clock)
    who: WhoDependency
    if settings.auth_mode == "dependency":
        # Auth moves from the stack into each route's signature.
        order = [name for name in order if name != "auth"]
        who = require_principal
    elif "auth" not in order:
        raise ValueError("auth_mode='middleware' needs 'auth' in the middleware order")
    else:
        who = principal_from_state

    app = FastAPI(
        title="routing",
        version="0.1.0",
        middleware=middleware_stack(order, settings, limiter, verifier),
    )
    app.state.verifier = verifier
    app.state.limiter = limiter
    # The schema tells the truth about the stack: with the limiter in it, every route can
    # answer 429. (The routers themselves document 401 and 404.)
    limited = RATE_LIMITED if "rate_limit" in order else {}
    app.include_router(public_router(), responses=limited)
    app.include_router(v1_router(who), responses=limited)
    app.include_router(v2_router(who), responses=limited)
    return app


def create_app() -> FastAPI:
    """The uvicorn factory: settings from the environment (`ROUTING_*`).

    `routing-serve` reads the settings itself, before uvicorn starts, so that a bad variable
    is one line and exit 78; under `uvicorn --factory` it is uvicorn's traceback instead.
    """
    return build_app(load_settings())
