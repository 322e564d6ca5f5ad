"""The standard library's logging module, used the way libraries and apps should use it."""

from __future__ import annotations

import io
import logging

import pytest

from applog import configure_logging
from tests.jsonlines import json_lines


class CountsStr:
    """An argument that counts how often it is turned into text."""

    def __init__(self) -> None:
        self.calls = 0

    def __str__(self) -> str:
        self.calls += 1
        return "expensive"


def test_lazy_percent_args_are_not_formatted_when_the_level_is_off() -> None:
    logger = logging.getLogger("tests.lazy.off")
    logger.setLevel(logging.INFO)
    arg = CountsStr()

    logger.debug("state: %s", arg)
    assert arg.calls == 0  # the record was never built

    logger.debug(f"state: {arg}")
    assert arg.calls == 1  # the f-string did the work before logging could say no


def test_lazy_args_are_formatted_once_when_the_line_is_emitted() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer, level="DEBUG")
    arg = CountsStr()

    logging.getLogger("tests.lazy.on").debug("state: %s", arg)

    (record,) = json_lines(buffer.getvalue())
    assert record["event"] == "state: expensive"
    assert arg.calls == 1


def test_exc_info_puts_the_traceback_in_the_record(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.exc")
    stock: dict[str, int] = {}
    try:
        stock["missing"]
    except KeyError:
        logger.error("lookup failed", exc_info=True)  # same as logger.exception(...)

    (record,) = caplog.records
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert record.exc_info[0] is KeyError


def test_stdlib_exception_becomes_structured_json_with_extra_fields() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer)
    try:
        int("x")
    except ValueError:
        logging.getLogger("tests.exc").exception("parse failed", extra={"field": "qty"})

    (record,) = json_lines(buffer.getvalue())
    assert record["level"] == "error"
    assert record["logger"] == "tests.exc"
    assert record["field"] == "qty"
    assert record["exception"][0]["exc_type"] == "ValueError"


def test_module_loggers_form_a_tree_the_app_can_tune_by_name() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer, level="INFO")
    subtree = logging.getLogger("applog.thirdparty")
    subtree.setLevel(logging.ERROR)  # quiet one subtree
    try:
        from applog.thirdparty import polite_geo

        assert polite_geo.lookup("10.0.0.1") is None  # logs a warning, now filtered out
        logging.getLogger("applog.app").warning("still shown")
    finally:
        subtree.setLevel(logging.NOTSET)  # loggers are process-global: undo even on failure

    assert [r["logger"] for r in json_lines(buffer.getvalue())] == ["applog.app"]


def test_configure_logging_replaces_a_handler_a_library_installed() -> None:
    stray = logging.StreamHandler(io.StringIO())
    logging.getLogger().addHandler(stray)
    buffer = io.StringIO()

    configure_logging(stream=buffer)
    logging.getLogger("tests.force").info("once")

    assert stray not in logging.getLogger().handlers
    assert len(json_lines(buffer.getvalue())) == 1
