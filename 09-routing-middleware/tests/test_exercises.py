"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

import importlib
import json
import logging
import sys

import pytest

from routing import ManualClock, Settings, build_app
from tests.support import ALICE, BOB_KEY, client, make_app, settings


@pytest.mark.skip(reason="exercise 1: a per-caller quota inside auth, keyed by the principal")
def test_exercise_1_each_caller_has_its_own_quota_behind_one_address() -> None:
    # Alice and Bob call from the same address (one office NAT). The per-address limit
    # stays generous; a second limiter, inside auth, gives each principal its own bucket of
    # `Settings.quota_capacity` tokens. Add a "quota" layer to `Layer`/`middleware_stack`,
    # keyed by `scope["state"]["principal"]`, and put it after "auth" in MIDDLEWARE.
    quota = Settings(**{**settings(capacity=100).model_dump(), "quota_capacity": 3})
    app = build_app(quota, clock=ManualClock())
    http = client(app)
    bob = {"Authorization": f"Bearer {BOB_KEY}"}
    assert [http.get("/v1/items/1", headers=ALICE).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert http.get("/v1/items/1", headers=bob).status_code == 200


@pytest.mark.skip(reason="exercise 2: a JSON formatter for the access log")
def test_exercise_2_access_log_lines_are_json(caplog: pytest.LogCaptureFixture) -> None:
    # Write `JsonFormatter` in src/routing/request_log.py: a logging.Formatter whose
    # format() returns one JSON object per record, with "level", "logger", the access-log
    # fields that RequestLogMiddleware passes as `extra=`, and "exception" when there is one.
    formatter = importlib.import_module("routing.request_log").JsonFormatter()
    caplog.set_level(logging.INFO, logger="routing.access")
    http = client(make_app())
    http.get("/v1/%0Aforged", headers={**ALICE, "X-Request-ID": "json-1"})
    (record,) = [r for r in caplog.records if r.name == "routing.access"]
    text = formatter.format(record)
    assert "\n" not in text, "one record, one line"
    line = json.loads(text)
    assert (line["level"], line["logger"]) == ("INFO", "routing.access")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/v1/%0Aforged", 404)
    assert line["request_id"] == "json-1"
    assert isinstance(line["duration_ms"], float)
    assert "exception" not in line
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        failed = logging.LogRecord("routing.access", logging.ERROR, "", 0, "x", (), sys.exc_info())
    assert "RuntimeError: boom" in json.loads(formatter.format(failed))["exception"]


@pytest.mark.skip(reason="exercise 3: health checks are exempt from the rate limit")
def test_exercise_3_health_checks_are_never_rate_limited() -> None:
    # A kubelet probing /healthz must not be told 429 while a client floods the API from
    # the same address. Give RateLimitMiddleware an `exempt_paths` argument.
    http = client(make_app(capacity=2, per_second=0.01))
    assert all(http.get("/healthz").status_code == 200 for _ in range(10))
    # The probes cost no tokens: the API still has its 2, then the limit holds.
    statuses = [http.get("/v1/items/1", headers=ALICE).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
