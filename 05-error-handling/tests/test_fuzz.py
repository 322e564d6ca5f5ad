"""Fuzz the HTTP edge from its own OpenAPI schema: the schema must tell the truth.

schemathesis generates requests (valid and invalid) for every operation and checks each
response: no 5xx, a status the operation documents, and the content type it documents. A
client generated from the schema then knows every answer it can get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from accounts.api import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(tmp_path_factory.mktemp("fuzz") / "accounts.sqlite3")


# The schema comes from an app object (no I/O at import: openapi() touches no database);
# the requests go to the fixture's app, in process.
schema = schemathesis.openapi.from_dict(create_app(Path("unused.sqlite3")).openapi())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_none_is_a_server_error(
    case: schemathesis.Case[Any], app: FastAPI
) -> None:
    case.call_and_validate(
        app=app,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance],
    )
