"""Request-scoped values: what crosses into tasks and threads, and what does not."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar

import pytest

from deadlines import RequestIdFilter, bound_request_id, request_id, run_in_executor_with_context


@pytest.mark.anyio
async def test_broken_run_in_executor_does_not_see_the_callers_request_id() -> None:
    loop = asyncio.get_running_loop()
    with bound_request_id("req-1"), ThreadPoolExecutor(max_workers=1) as pool:
        seen = await loop.run_in_executor(pool, request_id.get)
    assert seen is None  # the worker thread runs in its own context


@pytest.mark.anyio
async def test_fixed_to_thread_and_the_helper_copy_the_callers_context() -> None:
    with bound_request_id("req-1"), ThreadPoolExecutor(max_workers=1) as pool:
        via_to_thread = await asyncio.to_thread(request_id.get)
        via_helper = await run_in_executor_with_context(pool, request_id.get)
    assert via_to_thread == "req-1"
    assert via_helper == "req-1"


@pytest.mark.anyio
async def test_a_value_set_in_a_thread_does_not_leak_back_to_the_caller() -> None:
    def set_in_thread() -> str | None:
        request_id.set("from-the-thread")
        return request_id.get()

    with bound_request_id("req-1"):
        assert await asyncio.to_thread(set_in_thread) == "from-the-thread"
        assert request_id.get() == "req-1"  # the thread changed its copy, not ours


@pytest.mark.anyio
async def test_child_tasks_copy_the_context_and_their_changes_stay_local() -> None:
    async def child(name: str) -> str | None:
        before = request_id.get()
        request_id.set(name)
        return before

    with bound_request_id("parent"):
        async with asyncio.TaskGroup() as group:
            first = group.create_task(child("child-1"))
            second = group.create_task(child("child-2"))
        assert request_id.get() == "parent"
    assert first.result() == second.result() == "parent"


@pytest.mark.anyio
async def test_broken_connection_in_a_contextvar_is_shared_by_concurrent_children() -> None:
    """Why a connection must not live in a contextvar: the copy is shallow.

    Every child task gets the *same* connection object, so two "independent" tasks end up
    in one transaction (and with a network driver, interleave on one socket).
    """
    current_conn: ContextVar[sqlite3.Connection] = ContextVar("current_conn")
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE audit (who TEXT)")
        current_conn.set(conn)

        async def record(who: str, fail: bool) -> None:
            db = current_conn.get()
            db.execute("INSERT INTO audit VALUES (?)", (who,))
            await asyncio.sleep(0)
            if fail:
                db.rollback()  # this task's rollback...

        async with asyncio.TaskGroup() as group:
            group.create_task(record("alice", fail=False))
            group.create_task(record("bob", fail=True))
        conn.commit()
        rows = conn.execute("SELECT who FROM audit").fetchall()
    finally:
        conn.close()
    assert rows == []  # ...also threw away alice's insert: one shared transaction


def test_request_id_filter_adds_the_id_or_a_dash(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.requestctx")
    request_filter = RequestIdFilter()
    caplog.handler.addFilter(request_filter)
    try:
        with bound_request_id("req-7"):
            logger.warning("inside")
        logger.warning("outside")
    finally:
        caplog.handler.removeFilter(request_filter)
    assert [r.__dict__["request_id"] for r in caplog.records] == ["req-7", "-"]
