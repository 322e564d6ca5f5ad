"""The HTTP app: three routes, each limited the way its cost asks for.

- `GET /search`: cheap; per client (token tier or IP); fails open.
- `POST /login`: per IP, *before* the password hash; fails closed.
- `GET /report`: expensive; per client, then a global limit, then a concurrency limit in front
  of a slow backend; fails open on the rate limits because the concurrency limit still holds.

All refusals are exceptions (`throttle.errors`) mapped to responses here, in one place.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx2 as httpx
from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from throttle.bootstrap import redis_client
from throttle.errors import LimiterUnavailable, NotAuthenticated, Overloaded, RateLimited
from throttle.guard import REPORT, SEARCH, Guard, Limited
from throttle.headers import ratelimit_headers
from throttle.inflight import InFlightLimit
from throttle.login import log_in
from throttle.passwords import PasswordChecker
from throttle.redis_limiter import RedisLimiter
from throttle.settings import Settings

DEMO_USERS = {"alice": "correct horse battery staple"}


class Login(BaseModel):
    user: str
    password: str


class State:
    """Everything the routes share, built once in the lifespan."""

    def __init__(self, settings: Settings, guard: Guard, backend: httpx.AsyncClient) -> None:
        self.settings = settings
        self.guard = guard
        self.backend = backend
        self.passwords = PasswordChecker(DEMO_USERS)
        self.inflight = InFlightLimit(
            settings.max_in_flight, settings.max_waiting, settings.queue_timeout_seconds
        )


def get_state(request: Request) -> State:
    state: State = request.app.state.throttle
    return state


StateDep = Annotated[State, Depends(get_state)]


def add_headers(response: Response, limited: Limited | None) -> None:
    if limited is not None:
        response.headers.update(ratelimit_headers(limited.decision, limited.policy, limited.period))


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = redis_client(settings)
        limiter = RedisLimiter(redis, settings.key_prefix)
        async with httpx.AsyncClient(timeout=60) as backend:
            app.state.throttle = State(settings, Guard(limiter, settings), backend)
            try:
                yield
            finally:
                await redis.aclose()

    app = FastAPI(title="throttle", lifespan=lifespan)

    @app.get("/search")
    async def search(
        q: str, request: Request, response: Response, state: StateDep
    ) -> dict[str, str]:
        add_headers(response, await state.guard.check_client(SEARCH, request))
        return {"q": q}

    @app.post("/login")
    async def login(
        body: Login, request: Request, response: Response, state: StateDep
    ) -> dict[str, str]:
        ip = state.guard.client_ip_key(request)
        token, limited = await log_in(state.guard, state.passwords, ip, body.user, body.password)
        add_headers(response, limited)
        return {"token": token}

    @app.get("/report")
    async def report(request: Request, response: Response, state: StateDep) -> dict[str, str]:
        limited = await state.guard.check_client(REPORT, request)
        rate = state.settings.report_global_rate
        await state.guard.check(REPORT, "report-global", "all", rate)
        async with state.inflight.slot():
            reply = await state.backend.get(state.settings.report_backend_url)
        add_headers(response, limited)
        return {"report": reply.text}

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> JSONResponse:
        headers = ratelimit_headers(exc.decision, exc.policy, exc.period)
        body = {"detail": "rate limited", "policy": exc.policy}
        return JSONResponse(body, status_code=429, headers=headers)

    @app.exception_handler(LimiterUnavailable)
    async def limiter_down(request: Request, exc: LimiterUnavailable) -> JSONResponse:
        body = {"detail": "rate limiter unavailable, try again shortly"}
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Overloaded)
    async def overloaded(request: Request, exc: Overloaded) -> JSONResponse:
        body = {"detail": "overloaded, try again shortly"}
        return JSONResponse(body, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse({"detail": "not authenticated"}, status_code=401, headers=headers)

    return app
