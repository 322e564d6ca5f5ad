"""Tests for the README's exercises. Un-skip one when you have done the exercise."""

from __future__ import annotations

import threading
import time

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


@pytest.mark.skip(reason="exercise 2: make transfer() take both locks in one global order")
def test_exercise_2_opposite_transfers_do_not_deadlock() -> None:
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
