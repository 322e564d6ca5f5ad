"""Deadline: an absolute expiry that each layer turns into min(own timeout, remaining)."""

from __future__ import annotations

import logging

import pytest

from deadlines import Deadline, DeadlineExceeded, DependencyTimeout, get_quote
from deadlines.blackhole import blackhole
from tests.support import FakeClock


def test_remaining_counts_down_and_never_goes_negative(clock: FakeClock) -> None:
    deadline = Deadline.after(2.0, clock=clock)
    assert deadline.remaining() == 2.0
    clock.advance(1.5)
    assert deadline.remaining() == 0.5
    clock.advance(10)
    assert deadline.remaining() == 0.0
    assert deadline.expired()


def test_each_layer_gets_the_smaller_of_its_own_timeout_and_what_is_left(
    clock: FakeClock,
) -> None:
    deadline = Deadline.after(1.0, clock=clock)
    assert deadline.timeout(0.3) == 0.3  # plenty left: the call's own cap wins
    clock.advance(0.8)
    assert deadline.timeout(0.3) == pytest.approx(0.2)  # the request's deadline wins
    assert deadline.timeout() == pytest.approx(0.2)  # no cap of its own: all that is left


def test_no_call_starts_once_the_deadline_has_passed(clock: FakeClock) -> None:
    deadline = Deadline.after(1.0, clock=clock)
    clock.advance(1.0)
    with pytest.raises(DeadlineExceeded) as caught:
        deadline.timeout(5.0)
    assert isinstance(caught.value, TimeoutError)  # `except TimeoutError` still catches it


def test_a_child_deadline_can_shorten_but_never_extend_its_parent(clock: FakeClock) -> None:
    parent = Deadline.after(1.0, clock=clock)
    assert parent.child(0.25).remaining() == 0.25
    assert parent.child(60.0).expires_at == parent.expires_at


def test_a_negative_budget_is_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        Deadline.after(-1)


@pytest.mark.anyio
async def test_retries_share_one_budget_instead_of_each_getting_a_full_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Three attempts of 0.3 s would take 0.9 s; the 0.5 s deadline cuts them short."""
    caplog.set_level(logging.INFO, logger="deadlines.client")
    with blackhole() as (host, port):
        deadline = Deadline.after(0.5)
        with pytest.raises(DeadlineExceeded):
            await get_quote(host, port, deadline, attempt_timeout=0.3, attempts=3)
    budgets = [
        r.__dict__["budget"] for r in caplog.records if r.getMessage() == "attempt timed out"
    ]
    assert 1 <= len(budgets) < 3
    assert all(b <= 0.3 for b in budgets)
    assert sum(budgets) <= 0.5 + 1e-6
    assert deadline.expired()


@pytest.mark.anyio
async def test_dependency_timeout_names_the_dependency_and_chains_the_cause() -> None:
    with blackhole() as (host, port), pytest.raises(DependencyTimeout) as caught:
        await get_quote(host, port, Deadline.after(5.0), attempt_timeout=0.05, attempts=1)
    assert caught.value.dependency == f"{host}:{port}"
    assert caught.value.budget == 0.05
    assert type(caught.value.__cause__) is TimeoutError
