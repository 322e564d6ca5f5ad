"""Break it: each deliberate mistake in accounts.broken, proven, next to its fix, proven.

Every assertion is on types, causes, exit codes or return values, never on wording.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from accounts.broken import bare_except, from_none, swallow, text_match
from accounts.errors import DuplicateError, NotFoundError, StoreUnavailableError
from accounts.outcomes import outcome_for
from accounts.resilience import fetch_or_default
from accounts.store import AccountStore

LESSON = Path(__file__).resolve().parents[1]
CTRL_C_EXAMPLE = LESSON / "examples" / "04_ctrl_c_retry.py"
DEADLINE = 20.0  # bounds a hang; never measures speed
Start = Callable[[str], "subprocess.Popen[str]"]


# --- 1. except Exception: return None ---------------------------------------------------


def test_broken_swallow_turns_duplicate_into_not_found(store: AccountStore) -> None:
    ada = store.create("ada@example.com", "Ada")
    bob = store.create("bob@example.com", "Bob")
    # A taken email and a missing id give the same answer: None.
    assert swallow.change_email_or_none(store, bob.id, ada.email) is None
    assert swallow.change_email_or_none(store, 999, "new@example.com") is None
    # ...so the caller reports "not found" (HTTP 404) for an account that exists.
    with pytest.raises(NotFoundError) as info:
        swallow.change_email(store, bob.id, ada.email)
    assert outcome_for(info.value).http_status == 404
    assert info.value.__cause__ is None
    assert info.value.__context__ is None


def test_fixed_duplicate_and_not_found_stay_distinct(store: AccountStore) -> None:
    ada = store.create("ada@example.com", "Ada")
    bob = store.create("bob@example.com", "Bob")
    with pytest.raises(DuplicateError) as dup:
        store.change_email(bob.id, ada.email)
    assert outcome_for(dup.value).http_status == 409
    assert isinstance(dup.value.__cause__, sqlite3.IntegrityError)
    with pytest.raises(NotFoundError) as missing:
        store.change_email(999, "new@example.com")
    assert outcome_for(missing.value).http_status == 404


# --- 2a. bare except in a retry loop vs a real SIGINT -----------------------------------


class Lines:
    """Read a child's stdout on a thread so every wait has a deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put("<EOF>")

    def next(self) -> str:
        return self._queue.get(timeout=DEADLINE)


@pytest.fixture
def start_ctrl_c_example() -> Iterator[Start]:
    started: list[subprocess.Popen[str]] = []

    def start(variant: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(CTRL_C_EXAMPLE), variant],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=DEADLINE)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_broken_bare_except_retry_survives_sigint_and_exits_0(start_ctrl_c_example: Start) -> None:
    proc = start_ctrl_c_example("broken")
    assert proc.stdin is not None
    assert proc.stdout is not None
    lines = Lines(proc.stdout)
    assert lines.next() == "attempt 1: waiting for upstream"  # ready: blocked on its pipe
    proc.send_signal(signal.SIGINT)
    assert lines.next() == "attempt 1 failed with KeyboardInterrupt; retrying"
    assert lines.next() == "attempt 2: waiting for upstream"  # Ctrl-C was just a retry
    assert proc.poll() is None
    proc.stdin.write("ok\n")
    proc.stdin.flush()
    assert proc.wait(timeout=DEADLINE) == 0  # the user asked it to stop; it "succeeded"


def test_fixed_retry_lets_sigint_through_and_dies_by_sigint(start_ctrl_c_example: Start) -> None:
    proc = start_ctrl_c_example("fixed")
    assert proc.stdout is not None
    assert proc.stderr is not None
    lines = Lines(proc.stdout)
    assert lines.next() == "attempt 1: waiting for upstream"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=DEADLINE) == -signal.SIGINT  # a shell shows 130
    assert lines.next() == "<EOF>"  # no retry happened after the interrupt
    assert "Traceback" not in proc.stderr.read()


def test_fixed_retry_still_retries_transient_errors(start_ctrl_c_example: Start) -> None:
    proc = start_ctrl_c_example("fixed")
    out, _ = proc.communicate("busy\nbusy\nok\n", timeout=DEADLINE)
    assert proc.returncode == 0
    assert out.count("waiting for upstream") == 3


# --- 2b. bare except around an await vs task.cancel() ------------------------------------


async def never_answers(started: asyncio.Event) -> str:
    started.set()
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


@pytest.mark.anyio
async def test_broken_bare_except_swallows_cancellation() -> None:
    started = asyncio.Event()
    task = asyncio.create_task(
        bare_except.fetch_or_default(lambda: never_answers(started), "default")
    )
    await started.wait()
    task.cancel()
    assert await task == "default"  # no CancelledError reached us...
    assert not task.cancelled()  # ...so TaskGroup, timeout() and shutdown all see "finished"


@pytest.mark.anyio
async def test_fixed_fallback_lets_cancellation_through() -> None:
    started = asyncio.Event()
    task = asyncio.create_task(fetch_or_default(lambda: never_answers(started), "default"))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()


@pytest.mark.anyio
async def test_fixed_fallback_still_falls_back_on_the_transient_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def busy() -> str:
        raise StoreUnavailableError("busy")

    with caplog.at_level(logging.WARNING, logger="accounts.resilience"):
        assert await fetch_or_default(busy, "default") == "default"
    [record] = caplog.records  # falling back is visible to operators, not silent
    assert record.exc_info is not None
    assert type(record.exc_info[1]) is StoreUnavailableError


@pytest.mark.anyio
async def test_broken_bare_except_defeats_asyncio_timeout() -> None:
    """The caller asked for a deadline; no TimeoutError arrives, just a silent default."""
    started = asyncio.Event()
    async with asyncio.timeout(0):
        result = await bare_except.fetch_or_default(lambda: never_answers(started), "default")
    assert result == "default"


@pytest.mark.anyio
async def test_fixed_timeout_raises_timeout_error() -> None:
    started = asyncio.Event()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0):
            await fetch_or_default(lambda: never_answers(started), "default")


# --- 3. raise ... from None ---------------------------------------------------------------


def chain(exc: BaseException) -> list[type[BaseException]]:
    """The exception types a traceback or a log line shows, outermost first."""
    types: list[type[BaseException]] = []
    current: BaseException | None = exc
    while current is not None:
        types.append(type(current))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return types


def test_broken_from_none_loses_the_cause(store: AccountStore) -> None:
    hiding = from_none.CauseHidingStore(store.conn)
    hiding.create("ada@example.com", "Ada")
    with pytest.raises(DuplicateError) as info:
        hiding.create("ADA@example.com", "Ada")
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__ is True
    assert chain(info.value) == [DuplicateError]  # the log shows no sqlite error at all


def test_fixed_from_exc_keeps_the_cause(store: AccountStore) -> None:
    store.create("ada@example.com", "Ada")
    with pytest.raises(DuplicateError) as info:
        store.create("ADA@example.com", "Ada")
    assert chain(info.value) == [DuplicateError, sqlite3.IntegrityError]
    cause = info.value.__cause__
    assert isinstance(cause, sqlite3.IntegrityError)
    assert cause.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_UNIQUE


# --- 4. matching on message text ----------------------------------------------------------


def v1_store() -> AccountStore:
    conn = sqlite3.connect(":memory:")
    conn.executescript(text_match.SCHEMA_V1)
    return AccountStore(conn)


def test_broken_text_match_worked_on_the_old_schema() -> None:
    """Why the bug ships: on the schema it was written against, the check passes."""
    old = text_match.TextMatchingStore(v1_store().conn)
    old.create("ada@example.com", "Ada")
    with pytest.raises(DuplicateError):
        old.create("ada@example.com", "Ada")


def test_broken_text_match_misses_the_duplicate_after_a_migration(store: AccountStore) -> None:
    """The case-insensitive index changes SQLite's wording; the duplicate leaks raw (a 500)."""
    matching = text_match.TextMatchingStore(store.conn)
    matching.create("ada@example.com", "Ada")
    with pytest.raises(sqlite3.IntegrityError) as info:
        matching.create("ADA@example.com", "Ada")
    assert not isinstance(info.value, DuplicateError)  # not a domain error: the edge says 500


@pytest.mark.parametrize("schema", ["v1", "current"])
def test_fixed_error_code_match_survives_the_migration(schema: str, store: AccountStore) -> None:
    fixed = AccountStore(v1_store().conn) if schema == "v1" else store
    fixed.create("ada@example.com", "Ada")
    with pytest.raises(DuplicateError) as info:
        fixed.create("ada@example.com", "Ada")
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
