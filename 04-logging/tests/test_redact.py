"""The redaction processor: unit behaviour, and its place in the real pipeline."""

from __future__ import annotations

import io
import logging
from typing import NamedTuple

import structlog

from applog import REDACTED, Redactor, configure_logging
from tests.jsonlines import json_lines


def test_sensitive_keys_are_redacted_at_any_depth_and_case() -> None:
    event = {
        "event": "login",
        "Password": "p",
        "user": {"name": "ann", "refresh_token": "r", "cards": [{"card_number": "4111"}]},
        "headers": [(b"Authorization", b"Bearer t"), (b"accept", b"*/*")],
    }
    out = Redactor()(None, "info", event)

    assert out["Password"] == REDACTED
    assert out["user"]["name"] == "ann"
    assert out["user"]["refresh_token"] == REDACTED
    assert out["user"]["cards"][0]["card_number"] == REDACTED
    assert out["headers"] == [(b"Authorization", REDACTED), (b"accept", b"*/*")]


def test_redaction_does_not_mutate_the_callers_data() -> None:
    payload = {"password": "p"}
    Redactor()(None, "info", {"event": "x", "payload": payload})
    assert payload == {"password": "p"}


def test_harmless_keys_and_plain_string_lists_are_left_alone() -> None:
    event = {"event": "x", "token_count": 3, "scopes": ["token", "read"]}
    assert Redactor()(None, "info", dict(event)) == event


def test_redactor_runs_for_structlog_and_stdlib_events_alike() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    structlog.stdlib.get_logger("tests.s").info("via structlog", api_key="k1")
    logging.getLogger("tests.l").info("via stdlib", extra={"client_secret": "k2"})

    first, second = json_lines(buffer.getvalue())
    assert first["api_key"] == REDACTED
    assert second["client_secret"] == REDACTED
    assert "k1" not in buffer.getvalue()
    assert "k2" not in buffer.getvalue()


def test_custom_keys_replace_the_defaults() -> None:
    """keys= replaces DEFAULT_KEYS; to add one, pass `DEFAULT_KEYS | {"ssn"}`."""
    buffer = io.StringIO()
    configure_logging(stream=buffer, redactor=Redactor(keys={"ssn"}, suffixes=()))

    structlog.stdlib.get_logger("tests.s").info("x", ssn="123", password="still-shown")

    (record,) = json_lines(buffer.getvalue())
    assert record["ssn"] == REDACTED
    assert record["password"] == "still-shown"  # the defaults were replaced, not extended


def test_named_tuples_and_tuple_subclasses_are_walked_without_crashing() -> None:
    """A processor that raises makes logging drop the whole line; a NamedTuple must not."""

    class Pair(NamedTuple):
        name: str
        value: str

    event = {"event": "x", "pair": Pair("token", "t-1"), "point": Pair("x", "1")}
    out = Redactor()(None, "info", event)
    assert out["pair"] == ("token", REDACTED)
    assert out["point"] == ("x", "1")
