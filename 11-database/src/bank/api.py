"""A tiny request layer (no web framework): parse input, call the core, map errors.

It stands for a FastAPI handler; what matters is the edge's contract: bad input is a 4xx
that says why, a duplicate is 409, and an unexpected error is a 500 that is logged with its
cause but tells the client nothing about SQL, tables or drivers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bank import orm
from bank.errors import DuplicateOwner

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: dict[str, object] = field(default_factory=dict)


def parse_new_account(payload: object) -> tuple[str, int] | Response:
    """The owner and opening balance, or a 422 that names what is wrong."""
    if not isinstance(payload, dict):
        return Response(422, {"detail": "body must be a JSON object"})
    owner, balance = payload.get("owner"), payload.get("balance", 0)
    if not isinstance(owner, str) or not 1 <= len(owner) <= 100:
        return Response(422, {"detail": "owner must be a string of 1 to 100 characters"})
    if isinstance(balance, bool) or not isinstance(balance, int) or not 0 <= balance < 2**63:
        return Response(422, {"detail": "balance must be a non-negative integer (cents)"})
    return owner, balance


def create_account(engine: Engine, payload: object) -> Response:
    parsed = parse_new_account(payload)
    if isinstance(parsed, Response):
        return parsed
    owner, balance = parsed
    try:
        with Session(engine) as session, session.begin():
            account_id = orm.create_account(session, owner, balance)
    except DuplicateOwner as exc:
        return Response(409, {"detail": str(exc)})
    except Exception:
        log.exception("create_account failed")  # the cause chain, for us; not for the client
        return Response(500, {"detail": "internal error"})
    return Response(201, {"id": account_id, "owner": owner, "balance": balance})
