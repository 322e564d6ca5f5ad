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
        body["fields"] = {
            leaf.field: leaf.problem
            for leaf in exc.exceptions
            if isinstance(leaf, InvalidFieldError)
        }
    headers = {"Retry-After": "1"} if outcome.http_status == 503 else None
    return JSONResponse(body, status_code=outcome.http_status, headers=headers)


def create_app(db_path: str | Path) -> FastAPI:
    """The composition root of the HTTP edge: one SQLite file, one connection per request."""
    app = FastAPI(title="accounts")
    app.add_exception_handler(AccountsError, domain_error_handler)

    def get_store() -> Iterator[AccountStore]:
        # Sync dependencies and sync routes may run on different threadpool threads; the
        # connection is still used by one request at a time, so the thread check is lifted.
        conn = connect(db_path, check_same_thread=False)
        try:
            yield AccountStore(conn)
        finally:
            conn.close()

    Store = Annotated[AccountStore, Depends(get_store)]

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
