"""The HTTP edge: FastAPI routes call the core; one handler maps domain errors to statuses.

Status codes come from ``accounts.outcomes``, the same table the CLI uses for exit codes.
Routes contain no try/except: a domain error propagates to ``domain_error_handler``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from accounts import service
from accounts.errors import AccountsError, InvalidFieldError
from accounts.models import Account
from accounts.outcomes import outcome_for
from accounts.store import AccountStore, connect

__all__ = ["create_app", "domain_error_handler"]


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


async def domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Registered for AccountsError: body ``{"error": code, "detail": ..., "fields": ...}``."""
    if not isinstance(exc, AccountsError):  # Starlette types handlers loosely
        raise exc
    outcome = outcome_for(exc)
    body: dict[str, Any] = {"error": outcome.code, "detail": str(exc)}
    if isinstance(exc, BaseExceptionGroup):
        body["detail"] = exc.message  # str() would append "(N sub-exceptions)"
        body["fields"] = {
            leaf.field: leaf.problem
            for leaf in exc.exceptions
            if isinstance(leaf, InvalidFieldError)
        }
    headers = {"Retry-After": "1"} if outcome.http_status == 503 else None
    return JSONResponse(body, status_code=outcome.http_status, headers=headers)


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


def create_app(db_path: str | Path, *, busy_timeout: float = 5.0) -> FastAPI:
    """The composition root of the HTTP edge: one SQLite file, the error handler, the routes."""
    app = FastAPI(title="accounts")
    app.state.db_path = db_path
    app.state.busy_timeout = busy_timeout
    app.add_exception_handler(AccountsError, domain_error_handler)

    @app.post("/accounts", status_code=201)
    def create_account(body: NewAccount, store: Store) -> AccountOut:
        return AccountOut.of(service.register(store, body.email, body.name))

    @app.get("/accounts/{account_id}")
    def get_account(account_id: int, store: Store) -> AccountOut:
        return AccountOut.of(store.get(account_id))

    @app.patch("/accounts/{account_id}")
    def change_email(account_id: int, body: EmailChange, store: Store) -> AccountOut:
        return AccountOut.of(store.change_email(account_id, body.email))

    return app
