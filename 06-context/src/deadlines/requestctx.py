"""Request-scoped values with contextvars: the part of Go's context.Context that is a bag.

Put here only what describes the request and is read by cross-cutting code that has no
parameter to receive it: a request id for logs, a trace id, the authenticated principal's
id for an audit line. Never a database session, a connection, or an optional parameter of
your own functions: those are dependencies and inputs, and belong in signatures.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from typing import ParamSpec, TypeVar

__all__ = [
    "RequestIdFilter",
    "bound_request_id",
    "request_id",
    "run_in_executor_with_context",
]

P = ParamSpec("P")
T = TypeVar("T")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


@contextlib.contextmanager
def bound_request_id(value: str) -> Iterator[None]:
    """Set the request id for the duration of a block, and restore the old value after.

    `reset(token)` rather than `set(None)`: it restores exactly what was there, which matters
    when blocks nest or a middleware sets it before you do.
    """
    token = request_id.set(value)
    try:
        yield
    finally:
        request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` to every record (or "-"), for a format like %(request_id)s.

    Install it on a *handler*, not a logger: logger filters do not run for records that
    propagate up from child loggers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


async def run_in_executor_with_context(
    executor: Executor | None, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """loop.run_in_executor, but the function sees the caller's contextvars.

    run_in_executor runs `fn` in the worker thread's own context, so request_id.get()
    returns the default there. asyncio.to_thread does exactly this copy_context() +
    ctx.run() dance; use this helper when you need your own executor (a process pool
    cannot take a Context at all: pass values as arguments instead).
    """
    loop = asyncio.get_running_loop()
    ctx = contextvars.copy_context()
    call = functools.partial(ctx.run, fn, *args, **kwargs)
    return await loop.run_in_executor(executor, call)
