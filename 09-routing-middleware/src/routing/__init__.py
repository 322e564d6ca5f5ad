"""Lesson 09: routers and middleware; the middleware order is request behaviour."""

from routing._settings import Settings
from routing.app import MIDDLEWARE, PUBLIC_PATHS, Layer, build_app, create_app
from routing.auth import ApiKeyMiddleware, KeyVerifier, Principal, require_principal
from routing.ratelimit import ManualClock, RateLimiter, RateLimitMiddleware, TokenBucket
from routing.request_log import RequestLogMiddleware, current_request_id

__all__ = [
    "MIDDLEWARE",
    "PUBLIC_PATHS",
    "ApiKeyMiddleware",
    "KeyVerifier",
    "Layer",
    "ManualClock",
    "Principal",
    "RateLimitMiddleware",
    "RateLimiter",
    "RequestLogMiddleware",
    "Settings",
    "TokenBucket",
    "build_app",
    "create_app",
    "current_request_id",
    "require_principal",
]
