"""Fuzz the running server from its own OpenAPI schema: no input may produce a 5xx, and
every status and content type it answers is one the schema lists.

schemathesis generates requests (valid and invalid) for every operation in
`/openapi.json` and sends them over real HTTP to a real `httpserver-serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from httpserver import Settings, create_app
from tests.procs import Server, serve


@pytest.fixture(scope="module")
def fuzzed_server() -> Iterator[Server]:
    running = serve(None, HTTPSERVER_MAX_BODY_BYTES="2048")
    try:
        yield running
    finally:
        running.close()


# The schema comes from the app object itself (no I/O at import); the requests go to the
# running server. (`schemathesis.pytest.from_fixture`, the lazy loader, fails on pytest 9.2:
# it reads `request.node._nodeid`, which pytest 9 no longer has.)
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


def test_schema_lists_the_statuses_the_middleware_and_fastapi_answer() -> None:
    """400 (body not UTF-8 JSON) and 413 come from outside the route's code; 503 from the
    handler timeout. A client generated from the schema must know them."""
    paths = create_app(Settings()).openapi()["paths"]
    assert {"201", "400", "413", "422", "503"} <= set(paths["/notes"]["post"]["responses"])
    for path, operations in paths.items():
        for method, operation in operations.items():
            busy = operation["responses"]["503"]["content"]
            # ours is JSON; uvicorn's past --limit-concurrency is text/plain
            assert set(busy) == {"application/json", "text/plain"}, f"{method} {path}"
