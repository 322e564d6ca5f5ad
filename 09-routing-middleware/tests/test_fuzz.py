"""Fuzz a real server from its own OpenAPI schema: no input may produce a 5xx, and every
status and content type that comes back is one the schema documents.

schemathesis generates requests (valid and invalid) for every operation and sends them over
real HTTP to a real `routing-serve`, once with auth as middleware (we send a valid key, so
the fuzzing reaches the routes) and once with auth as a dependency (the schema declares the
Bearer scheme, and schemathesis generates the Authorization header itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from routing import build_app
from tests import support
from tests.procs import Server, serving
from tests.support import ALICE, ROOMY_ENV


@pytest.fixture(scope="module")
def dependency_server() -> Iterator[Server]:
    with serving(**ROOMY_ENV, ROUTING_AUTH_MODE="dependency") as server:
        yield server


# The schemas come from app objects (no I/O at import); the requests go to running servers.
# (`schemathesis.pytest.from_fixture` fails on pytest 9.2; see lesson 08.)
middleware_schema = schemathesis.openapi.from_dict(build_app(support.settings()).openapi())
dependency_schema = schemathesis.openapi.from_dict(
    build_app(support.settings(auth_mode="dependency")).openapi()
)
# A status missing from the schema (a 401 nobody documented) fails the run, so does a body
# or a Content-Type the schema does not describe.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@middleware_schema.parametrize()
@FUZZ
def test_no_input_makes_the_middleware_server_fail(
    case: schemathesis.Case[Any], roomy_server: Server
) -> None:
    case.call_and_validate(base_url=roomy_server.url, headers=dict(ALICE), checks=CHECKS)


@dependency_schema.parametrize()
@FUZZ
def test_no_input_makes_the_dependency_server_fail(
    case: schemathesis.Case[Any], dependency_server: Server
) -> None:
    case.call_and_validate(base_url=dependency_server.url, checks=CHECKS)
