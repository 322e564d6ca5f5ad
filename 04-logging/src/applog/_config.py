"""Configure logging once, at the edge of a program: structlog and stdlib, one output.

Libraries never call this. A program's `main()` (or its ASGI server's start-up) calls it
exactly once, before it logs anything. Every log line, from structlog loggers and from stdlib
loggers in third-party libraries alike, then goes through the same processors and comes out
as one JSON object per line (production) or as aligned, readable text (development).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, Literal, TextIO

import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict
from structlog.tracebacks import ExceptionDictTransformer
from structlog.typing import EventDict, Processor

from applog._redact import Redactor

Format = Literal["json", "console"]


class LogSettings(BaseSettings):
    """What a deployment may set through the environment, read once at start.

    `LOG_FORMAT=json|console`; unset (or empty) means console on a terminal, JSON elsewhere.
    A typo is a `pydantic.ValidationError` naming the variable, not a silent fallback.
    """

    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore", frozen=True)

    log_format: Format | None = None

    def format_for(self, stream: TextIO | None = None) -> Format:
        if self.log_format is not None:
            return self.log_format
        return "console" if (stream or sys.stdout).isatty() else "json"


def format_from_env(stream: TextIO | None = None) -> Format:
    """`LOG_FORMAT` if set; otherwise console on a terminal, JSON elsewhere.

    Raises `pydantic.ValidationError` (which names `log_format`) on any other value.
    """
    return LogSettings().format_for(stream)


def _drop_color_message(_logger: Any, _method: str, event_dict: EventDict) -> EventDict:
    """uvicorn passes a copy of each message with ANSI colours as `extra`: noise in JSON."""
    event_dict.pop("color_message", None)
    return event_dict


def _shared_processors() -> list[Processor]:
    """What every event gets, whether it was logged through structlog or through stdlib."""
    return [
        structlog.contextvars.merge_contextvars,  # request_id and friends, per task
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),  # logging.info("x", extra={...}) keeps its fields
        _drop_color_message,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def configure_logging(
    *,
    fmt: Format = "json",
    level: int | str = logging.INFO,
    stream: TextIO | None = None,
    redactor: Redactor | None = None,
    force: bool = True,
    extra_processors: Sequence[Processor] = (),
) -> None:
    """Send every log record to `stream` (default stdout), rendered as `fmt`, at `level`.

    `force=True` replaces whatever handlers the root logger already has, like
    `logging.basicConfig(force=True)`: a library that configured logging at import time does
    not get to keep its handler. `force=False` behaves like plain `basicConfig`: if the root
    logger already has a handler, the program's configuration is silently dropped. It exists
    only so the lesson can show that failure (see `applog.job`).

    `extra_processors` run after the shared ones, for structlog and stdlib events alike.

    Everything that differs between two calls (stream, level, format, extra processors) lives
    in the root handler and its formatter, which every record reaches at the moment it is
    logged. structlog's own chain is the same on every call: with `cache_logger_on_first_use`
    a module-level logger keeps the chain it first saw, so a chain that varied would leave
    that logger on a stale configuration.
    """
    renderer: Processor
    if fmt == "json":
        renderer = structlog.processors.JSONRenderer()
        # The traceback as data (exc_type, frames...). show_locals=False matters: structlog's
        # default dict_tracebacks includes every frame's local variables as strings, and the
        # redactor cannot see a password inside the repr of a local dict.
        exceptions: list[Processor] = [
            structlog.processors.ExceptionRenderer(ExceptionDictTransformer(show_locals=False))
        ]
    else:
        colors = (stream or sys.stdout).isatty() and "NO_COLOR" not in os.environ
        renderer = structlog.dev.ConsoleRenderer(colors=colors)
        exceptions = []  # ConsoleRenderer prints exc_info itself, as a readable traceback

    shared = _shared_processors()
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,  # records from stdlib loggers (uvicorn, libraries)
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *extra_processors,
            redactor or Redactor(),
            *exceptions,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter)

    root = logging.getLogger()
    # force=False with a handler already there: do what logging.basicConfig() does, nothing.
    if force or not root.handlers:
        for old in root.handlers[:]:
            root.removeHandler(old)  # not closed: it may be a test runner's or share a stream
        root.addHandler(handler)
        root.setLevel(level)

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,  # cheap exit before any other work
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str | None = None, **initial: Any) -> structlog.stdlib.BoundLogger:
    """A structlog logger backed by the stdlib logger `name` (use `__name__`)."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name, **initial)
    return logger
