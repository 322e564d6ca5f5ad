"""Blocking work in a thread pool without losing the trace.

`loop.run_in_executor` runs the function in the pool thread's own (empty) context: the current
span, a ContextVar, structlog's bound values are all gone there. Running it inside a copy of
the caller's context keeps them; `asyncio.to_thread` does exactly this.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


async def run_blocking(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    call = functools.partial(context.run, func, *args, **kwargs)
    return await loop.run_in_executor(None, call)
