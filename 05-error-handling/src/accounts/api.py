"""The HTTP edge: FastAPI routes call the core; one handler maps domain errors to statuses.

Status codes come from ``accounts.outcomes``, the same table the CLI uses for exit codes.
Routes contain no try/except: a domain error propagates to ``domain_error_handler``. Every
error body has one shape, ``ErrorBody``, whoever produced it (our core, FastAPI's request
validation, Starlette's HTTP errors), and every 5xx is logged with its exception and the
request's ID, which the client gets back in the ``X-Request-ID`` header.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accounts import service
from accounts.errors import AccountsError, InvalidFieldError
from accounts.models import Account
from accounts.outcomes import outcome_for
from accounts.store import AccountStore, connect

__all__ = ["ErrorBody", "RequestIdMiddleware", "create_app", "domain_error_handler"]

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = b"x-request-id"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
MAX_ID = 2**63 - 1  # SQLite's INTEGER: a larger id is a 422, not an OverflowError (a 500)


class NewAccount(BaseModel):
    email: str
    name: str


class EmailChange(BaseModel):
    email: str


class AccountOut(BaseModel):
    id: int
    email: str
    name: str

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(id=account.id, email=account.email, name=account.name)


class ErrorBody(BaseModel):
    """Every error response: a stable ``error`` code to switch on, a message for humans,
    and for a validation error, the problem of each field."""

    error: str
    detail: str
    fields: dict[str, str] | None = None


def _error(status: int, body: ErrorBody, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


async def domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Registered for AccountsError: the table's status, the body's stable ``error`` code."""
    if not isinstance(exc, AccountsError):  # Starlette types handlers loosely
        raise exc
    outcome = outcome_for(exc)
    if outcome.http_status >= 500:
        # The client gets a code and the request ID; operators get the exception and its cause.
        log.error(
            "request failed: %s",
            outcome.code,
            exc_info=exc,
            extra={"request_id": _request_id(request), "status": outcome.http_status},
        )
    body = ErrorBody(error=outcome.code, detail=str(exc))
    if isinstance(exc, BaseExceptionGroup):
        body.detail = exc.message  # str() would append "(N sub-exceptions)"
        body.fields = {
            leaf.field: leaf.problem
            for leaf in exc.exceptions
            if isinstance(leaf, InvalidFieldError)
        }
    headers = {"Retry-After": "1"} if outcome.http_status == 503 else None
    return _error(outcome.http_status, body, headers)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own 422 (a missing field, a wrong type) in the same shape as the domain's.

    The input itself is not echoed back: for a login, it would be the password.
    """
    if not isinstance(exc, RequestValidationError):  # registered for that type only
        raise TypeError(f"unexpected {type(exc).__name__}")
    fields = {
        ".".join(str(part) for part in error["loc"]): str(error["msg"]) for error in exc.errors()
    }
    return _error(422, ErrorBody(error="invalid", detail="invalid request", fields=fields))


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's HTTP errors (400 unreadable body, 404 unknown path, 405) in the same shape."""
    if not isinstance(exc, HTTPException):  # registered for that type only
        raise TypeError(f"unexpected {type(exc).__name__}")
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
    return _error(exc.status_code, ErrorBody(error=code, detail=str(exc.detail)), exc.headers)


class RequestIdMiddleware:
    """Pure ASGI: give each request an ID, echo it, and answer an unexpected error with a
    logged 500.

    The client's ``X-Request-ID`` is kept if it is short and safe to log; otherwise a fresh
    one is made. An exception that no handler mapped is a bug: it is logged here, once, with
    its traceback and the ID, and the client gets a 500 that names only the ID. (Starlette's
    own 500 is sent from outside every user middleware, so it would carry no ID.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = sent if SAFE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id  # request.state.request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "request failed: unhandled error",
                extra={"request_id": request_id, "status": 500},
            )
            if started:  # too late for a status: let the server drop the connection
                raise
            body = ErrorBody(error="internal", detail=f"internal error, request {request_id}")
            await send_with_id(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send_with_id(
                {"type": "http.response.body", "body": json.dumps(body.model_dump()).encode()}
            )


def get_store(request: Request) -> Iterator[AccountStore]:
    """One connection per request, closed after the response (and after any error)."""
    # Sync dependencies and sync routes may run on different threadpool threads; the
    # connection is still used by one request at a time, so the thread check is lifted.
    settings = request.app.state
    conn = connect(settings.db_path, busy_timeout=settings.busy_timeout, check_same_thread=False)
    try:
        yield AccountStore(conn)
    finally:
        conn.close()


# Module level, not inside create_app: FastAPI resolves these annotations from the module's
# globals (this file uses `from __future__ import annotations`).
Store = Annotated[AccountStore, Depends(get_store)]
AccountId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error statuses a route really returns, for its OpenAPI responses."""
    reasons = {
        400: "the body is not readable JSON (not UTF-8)",
        404: "no account with this id",
        409: "the email is taken",
        422: "invalid input; `fields` names each problem",
        500: "a bug, or a store that cannot be opened; logged with the request ID",
        503: "the store is busy; retry after Retry-After seconds",
    }
    return {s: {"model": ErrorBody, "description": reasons[s]} for s in statuses}


def create_app(db_path: str | Path, *, busy_timeout: float = 5.0) -> FastAPI:
    """The composition root of the HTTP edge: one SQLite file, the error handlers, the routes."""
    app = FastAPI(title="accounts")
    app.state.db_path = db_path
    app.state.busy_timeout = busy_timeout
    app.add_exception_handler(AccountsError, domain_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(HTTPException, http_error_handler)
    app.add_middleware(RequestIdMiddleware)

    @app.post("/accounts", status_code=201, responses=_documented(400, 409, 422, 500, 503))
    def create_account(body: NewAccount, store: Store) -> AccountOut:
        return AccountOut.of(service.register(store, body.email, body.name))

    @app.get("/accounts/{account_id}", responses=_documented(404, 422, 500, 503))
    def get_account(account_id: AccountId, store: Store) -> AccountOut:
        return AccountOut.of(store.get(account_id))

    @app.patch("/accounts/{account_id}", responses=_documented(400, 404, 409, 422, 500, 503))
    def change_email(account_id: AccountId, body: EmailChange, store: Store) -> AccountOut:
        return AccountOut.of(store.change_email(account_id, body.email))

    return app
