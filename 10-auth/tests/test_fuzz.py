"""Fuzz the running server from its own OpenAPI schema: no input may produce a 5xx, and
every answer has a status and a content type that the schema documents for its route.

schemathesis generates requests (valid and invalid, including the bearer header) for every
operation in the schema and sends them over real HTTP to a real `authdemo-serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from authdemo import KeySet, Settings, create_app
from tests.procs import Server
from tests.support import fresh_server


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory, keys: KeySet) -> Iterator[Server]:
    with fresh_server(tmp_path_factory.mktemp("fuzz") / "auth.db", keys) as running:
        yield running


# The schema comes from the app object (no I/O at import); requests go to the real server.
# (`schemathesis.pytest.from_fixture` fails on pytest 9.2; see CONTRIBUTING.)
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_server_fail(
    case: schemathesis.Case[Any], fuzzed_server: Server
) -> None:
    case.call_and_validate(
        base_url=fuzzed_server.url,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance],
    )
