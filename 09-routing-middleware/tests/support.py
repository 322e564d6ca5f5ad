"""Shared test data and the in-process app builder."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from starlette.testclient import TestClient

from routing import MIDDLEWARE, Layer, ManualClock, Settings, build_app
from routing._settings import AuthMode

ALICE_KEY = "alice-key-7f3a9c"
BOB_KEY = "bob-key-41d0e2"
ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}
ORIGIN = "http://app.example.test"
# A real server's settings where the rate limit never gets in the way.
ROOMY_ENV = {
    "ROUTING_API_KEYS": f"alice:{ALICE_KEY},bob:{BOB_KEY}",
    "ROUTING_RATE_CAPACITY": "1000000",
    "ROUTING_RATE_PER_SECOND": "1000",
    "ROUTING_CORS_ORIGINS": ORIGIN,
}
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}


def settings(
    capacity: int = 1000, per_second: float = 1.0, auth_mode: AuthMode = "middleware"
) -> Settings:
    """Test settings: two keys, a cheap key check (1 000 rounds), our test origin."""
    return Settings(
        api_keys={ALICE_KEY: "alice", BOB_KEY: "bob"},
        rate_capacity=capacity,
        rate_per_second=per_second,
        cors_origins=(ORIGIN,),
        auth_mode=auth_mode,
    )


def make_app(
    order: Sequence[Layer] = MIDDLEWARE,
    *,
    capacity: int = 1000,
    per_second: float = 1.0,
    auth_mode: AuthMode = "middleware",
    clock: ManualClock | None = None,
) -> FastAPI:
    return build_app(
        settings(capacity, per_second, auth_mode),
        order=order,
        clock=ManualClock() if clock is None else clock,
    )


def client(app: FastAPI) -> TestClient:
    """An in-process client. Not a context manager: these apps have no lifespan to run."""
    return TestClient(app, follow_redirects=False)
