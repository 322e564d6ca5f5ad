"""Break it #2: a dependency awaited with no timeout hangs as long as the peer stays silent.

The peer is real: a TCP server on a free port that accepts, reads, and never answers.
"""

from __future__ import annotations

import asyncio

import pytest

from deadlines import Deadline, DeadlineExceeded, DependencyTimeout, fetch_line
from deadlines.blackhole import blackhole
from deadlines.broken import fetch_line_no_timeout
from tests.support import GUARD


@pytest.mark.anyio
async def test_broken_call_without_timeout_is_still_waiting_after_the_fixed_one_gave_up() -> None:
    """Both clients call the same silent server at the same time.

    The fixed client raises within its 0.2 s budget. At that moment the broken call is still
    pending; only the test's own guard, a cancel from outside, ends it.
    """
    with blackhole() as (host, port):
        broken = asyncio.create_task(fetch_line_no_timeout(host, port, b"QUOTE\n"))
        with pytest.raises(DependencyTimeout):
            async with asyncio.timeout(GUARD) as guard:
                await fetch_line(host, port, b"QUOTE\n", deadline=Deadline.after(0.2))
        assert not guard.expired()  # the fixed client's own deadline fired, not the guard

        assert not broken.done()  # the broken client has no deadline of its own
        broken.cancel()
        with pytest.raises(asyncio.CancelledError):
            await broken
        assert broken.cancelled()  # it ended only because the test cancelled it


@pytest.mark.anyio
async def test_broken_call_without_timeout_is_ended_only_by_an_outer_guard() -> None:
    with blackhole() as (host, port), pytest.raises(TimeoutError) as caught:
        async with asyncio.timeout(0.3) as guard:
            await fetch_line_no_timeout(host, port, b"QUOTE\n")
    assert guard.expired()  # the test's guard fired: the code under test had no deadline
    assert type(caught.value) is TimeoutError  # not DependencyTimeout: nobody named the cause


@pytest.mark.anyio
async def test_fixed_call_raises_dependency_timeout_within_its_budget() -> None:
    with blackhole() as (host, port):
        async with asyncio.timeout(GUARD) as guard:
            with pytest.raises(DependencyTimeout) as caught:
                await fetch_line(host, port, b"QUOTE\n", deadline=Deadline.after(5.0), cap=0.1)
    assert not guard.expired()
    assert caught.value.budget == 0.1  # its own cap was smaller than the deadline
    assert isinstance(caught.value, TimeoutError)
    assert type(caught.value.__cause__) is TimeoutError


@pytest.mark.anyio
async def test_fixed_call_does_not_connect_when_the_deadline_has_already_passed() -> None:
    connections = 0

    async def count(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(count, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(DeadlineExceeded) as caught:
            await fetch_line("127.0.0.1", port, b"QUOTE\n", deadline=Deadline.after(0.0))
    assert type(caught.value) is DeadlineExceeded
    assert connections == 0


@pytest.mark.anyio
async def test_fixed_call_returns_the_answer_of_a_peer_that_does_answer() -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readline()
        writer.write(b"42 for " + request)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        line = await fetch_line("127.0.0.1", port, b"QUOTE\n", deadline=Deadline.after(GUARD))
    assert line == b"42 for QUOTE\n"


@pytest.mark.anyio
async def test_fixed_call_reports_a_peer_that_hangs_up_without_answering() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(ConnectionError):
            await fetch_line("127.0.0.1", port, b"QUOTE\n", deadline=Deadline.after(GUARD))
