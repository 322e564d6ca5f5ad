"""A tiny request layer (no web framework): validate input, call the core, map errors.

It stands for a FastAPI handler, and validates the way FastAPI does: a pydantic model
(`NewAccount`) parses the JSON body, and what it refuses is a 422 listing each problem.
What matters is the edge's contract: bad input is a 422 before any SQL runs, a duplicate is
a 409, and an unexpected error is a 500 that is logged with its cause but tells the client
nothing about SQL, tables or drivers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bank import orm
from bank.errors import DuplicateOwner

log = logging.getLogger(__name__)


class NewAccount(BaseModel):
    """The body of "create an account". Strict: "10" is not a number and true is not 1."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    owner: Annotated[str, Field(min_length=1, max_length=100)]
    balance: Annotated[int, Field(ge=0, lt=2**63)] = 0  # cents; BIGINT's range


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: dict[str, object] = field(default_factory=dict)


def parse_new_account(payload: object) -> NewAccount | Response:
    """The validated body, or a 422 whose detail lists each problem (as FastAPI's does, but
    without echoing the input back)."""
    try:
        return NewAccount.model_validate(payload)
    except ValidationError as exc:
        problems = exc.errors(include_input=False, include_url=False)
        detail = [{"loc": list(p["loc"]), "msg": p["msg"], "type": p["type"]} for p in problems]
        return Response(422, {"detail": detail})


def create_account(engine: Engine, payload: object) -> Response:
    new = parse_new_account(payload)
    if isinstance(new, Response):
        return new
    try:
        with Session(engine) as session, session.begin():
            account_id = orm.create_account(session, new.owner, new.balance)
    except DuplicateOwner as exc:
        return Response(409, {"detail": str(exc)})
    except Exception:
        log.exception("create_account failed")  # the cause chain, for us; not for the client
        return Response(500, {"detail": "internal error"})
    return Response(201, {"id": account_id, "owner": new.owner, "balance": new.balance})
