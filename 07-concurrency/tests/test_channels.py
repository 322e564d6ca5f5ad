"""queue.Queue(maxsize) between threads: the producer is held back, counted, not timed."""

from __future__ import annotations

import queue
import threading

import pytest

DEADLINE = 10.0
MAXSIZE = 4
ITEMS = 40


def test_thread_producer_never_gets_more_than_maxsize_ahead_of_the_consumer() -> None:
    channel: queue.Queue[int | None] = queue.Queue(maxsize=MAXSIZE)
    accepted = 0
    progress = threading.Condition()

    def producer() -> None:
        nonlocal accepted
        for n in range(ITEMS):
            channel.put(n)  # blocks while MAXSIZE items wait
            with progress:
                accepted += 1
                progress.notify_all()
        channel.put(None)  # the sentinel: no more items

    def wait_for_accepted(count: int) -> int:
        with progress:
            assert progress.wait_for(lambda: accepted >= count, timeout=DEADLINE)
            return accepted

    thread = threading.Thread(target=producer, daemon=True)
    thread.start()
    received: list[int] = []
    # The consumer is this test: it takes one item at a time and checks the producer's lead.
    assert wait_for_accepted(MAXSIZE) == MAXSIZE
    while (item := channel.get(timeout=DEADLINE)) is not None:
        received.append(item)
        # Every accepted put was matched by a free slot: at most MAXSIZE past our gets.
        seen = wait_for_accepted(min(ITEMS, MAXSIZE + len(received)))
        assert seen <= MAXSIZE + len(received)
    thread.join(DEADLINE)
    assert received == list(range(ITEMS))


def test_a_full_bounded_queue_refuses_put_nowait_and_keeps_what_it_holds() -> None:
    """Non-blocking backpressure: the caller learns "full" at once, e.g. to shed load."""
    channel: queue.Queue[int] = queue.Queue(maxsize=MAXSIZE)
    for n in range(MAXSIZE):
        channel.put_nowait(n)
    with pytest.raises(queue.Full):
        channel.put_nowait(MAXSIZE)
    assert [channel.get_nowait() for _ in range(MAXSIZE)] == list(range(MAXSIZE))
