"""Tests for the README's exercises. Un-skip one when you have done the exercise."""

from __future__ import annotations

import importlib
import threading
import time
from typing import Any

import pytest

from workers.accounts import Account, transfer

DEADLINE = 10.0


def test_transfer_moves_money_and_refuses_an_overdraft() -> None:
    a, b = Account("a", 100), Account("b", 0)
    transfer(a, b, 30)
    with pytest.raises(ValueError, match="cannot send"):
        transfer(b, a, 31)
    assert (a.balance, b.balance) == (70, 30)  # the refused transfer changed nothing


@pytest.mark.parametrize("amount", [0, -5])
def test_transfer_refuses_a_non_positive_amount(amount: int) -> None:
    a, b = Account("a", 100), Account("b", 0)
    with pytest.raises(ValueError, match="positive"):
        transfer(a, b, amount)
    assert (a.balance, b.balance) == (100, 0)


def test_transfer_to_the_same_account_is_refused_instead_of_hanging() -> None:
    a = Account("a", 100)
    with pytest.raises(ValueError, match="itself"):
        transfer(a, a, 10)
    assert not a.lock.locked()


@pytest.mark.skip(reason="exercise 1: make transfer() take both locks in one global order")
def test_exercise_1_opposite_transfers_do_not_deadlock() -> None:
    """Each transfer waits, holding its first lock, until the other has started too."""
    a, b = Account("a", 100), Account("b", 100)
    started = 0
    arrival = threading.Condition()

    def wait_for_the_other() -> None:
        with arrival:
            arrival.wait_for(lambda: started == 2, timeout=DEADLINE)

    def start_transfer(source: Account, target: Account, amount: int) -> None:
        nonlocal started
        with arrival:
            started += 1
            arrival.notify_all()
        transfer(source, target, amount, between=wait_for_the_other)

    threads = [
        threading.Thread(target=start_transfer, args=(a, b, 10), daemon=True),
        threading.Thread(target=start_transfer, args=(b, a, 20), daemon=True),
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + DEADLINE
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "deadlock: both threads stuck"
    assert (a.balance, b.balance) == (110, 90)


@pytest.mark.skip(reason="exercise 2: workers.keyed.KeyedLocks, one lock per key")
def test_exercise_2_different_keys_run_at_once_and_one_key_runs_alone() -> None:
    keyed: Any = importlib.import_module("workers.keyed").KeyedLocks()
    errors: list[BaseException] = []

    def run_both(target: Any, *args: Any) -> None:
        threads = [threading.Thread(target=target, args=(arg,), daemon=True) for arg in args]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE * 2)
        assert not any(thread.is_alive() for thread in threads), "a thread is stuck"

    # Different keys: both threads are inside at once (a barrier for 2 opens only then).
    inside_together = threading.Barrier(2, timeout=DEADLINE)

    def hold_and_meet(key: str) -> None:
        try:
            with keyed.hold(key):
                inside_together.wait()
        except threading.BrokenBarrierError as error:
            errors.append(error)

    run_both(hold_and_meet, "alice", "bob")
    assert errors == [], "different keys waited for each other: one lock for everything?"

    # One key: the holder waits inside until the other thread has arrived, and still only
    # one is ever inside.
    arrived = 0
    inside = 0
    most_inside = 0
    arrival = threading.Condition()

    def arrive_then_hold(key: str) -> None:
        nonlocal arrived, inside, most_inside
        with arrival:
            arrived += 1
            arrival.notify_all()
        with keyed.hold(key), arrival:
            inside += 1
            most_inside = max(most_inside, inside)
            arrival.wait_for(lambda: arrived == 2, timeout=DEADLINE)
            inside -= 1

    run_both(arrive_then_hold, "alice", "alice")
    assert most_inside == 1
