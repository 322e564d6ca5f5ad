"""The consumer as a real process: SIGKILL mid-message, SIGTERM and Ctrl-C mid-message, and the
exit codes of a bad configuration and an unreachable broker.

"Mid-message" is forced, not timed: the test holds a lock on the charges table, so the consumer
blocks inside its transaction after logging "received", until the test lets go.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from orderbus import Bus, Settings
from orderbus.payments import SCHEMA
from tests.support import LogReader, environment, order, ready_count

pytestmark = pytest.mark.anyio
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def default_sigint() -> Iterator[None]:
    """Children inherit an ignored SIGINT from some CI runners; give them the default."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@contextmanager
def started(
    command: list[str], settings: Settings
) -> Iterator[tuple[subprocess.Popen[str], LogReader]]:
    proc = subprocess.Popen(
        command,
        env=environment(settings),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    log = LogReader(proc)
    try:
        log.wait_for("consuming from")
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        log.rest()  # the pipe is at its end once the child is gone
        assert proc.stderr is not None
        proc.stderr.close()


@contextmanager
def charges_locked(settings: Settings) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """Hold an EXCLUSIVE lock on charges: an INSERT blocks until the block ends."""
    with psycopg.connect(settings.postgres_url) as conn:
        conn.execute(SCHEMA)
        conn.commit()
        conn.execute("LOCK TABLE charges IN EXCLUSIVE MODE")
        yield conn
        conn.rollback()


def wait_until_blocked(settings: Settings, timeout: float = 20.0) -> None:
    """Until the consumer's INSERT INTO charges waits on our lock (so, in particular, anything
    it sent before that, such as an early ack, has left the process). `to_regclass` finds this
    test's own `charges` (the URL's search_path), not one a test beside it is blocking."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(settings.postgres_url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks"
                " WHERE relation = to_regclass('charges') AND NOT granted"
            ).fetchone()
            if row and row[0]:
                return
            assert time.monotonic() < deadline, "the consumer never reached its INSERT"
            time.sleep(0.02)


def charge_count(settings: Settings) -> int:
    with psycopg.connect(settings.postgres_url) as conn:
        row = conn.execute("SELECT count(*) FROM charges").fetchone()
        return int(row[0]) if row else 0


CONSUMER = [str(BIN / "orderbus-consume")]
NAIVE = [sys.executable, "-m", "orderbus.broken"]


# --- Break it 1: auto-ack and a crash ------------------------------------------------------


async def test_broken_auto_ack_and_a_sigkill_lose_the_message(bus: Bus, settings: Settings) -> None:
    with started(NAIVE, settings) as (proc, log), charges_locked(settings):
        await bus.publisher.publish(order())
        log.wait_for("received")
        wait_until_blocked(settings)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    assert await ready_count(bus.connection, bus.topology.payments) == 0  # the broker forgot it
    assert charge_count(settings) == 0  # and nobody charged: lost


async def test_fixed_manual_ack_redelivers_after_a_sigkill(bus: Bus, settings: Settings) -> None:
    with started(CONSUMER, settings) as (proc, log), charges_locked(settings):
        await bus.publisher.publish(order())
        log.wait_for("received")
        wait_until_blocked(settings)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    assert await ready_count(bus.connection, bus.topology.payments) == 1  # back in the queue
    with started(CONSUMER, settings) as (proc, log):
        log.wait_for(r"received .* \(attempt 1\)")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    assert charge_count(settings) == 1


# --- Shutdown: finish what is in flight, then stop ------------------------------------------


@pytest.mark.parametrize(
    ("sig", "exit_status"), [(signal.SIGTERM, 0), (signal.SIGINT, -signal.SIGINT)]
)
async def test_a_signal_mid_message_finishes_it_acks_it_and_exits_quietly(
    bus: Bus, settings: Settings, sig: signal.Signals, exit_status: int
) -> None:
    with started(CONSUMER, settings) as (proc, log):
        with charges_locked(settings):
            await bus.publisher.publish(order())
            log.wait_for("received")
            proc.send_signal(sig)
            log.wait_for(r"stopping: finishing 1 message")
        assert proc.wait(10) == exit_status  # the lock is gone: it finished, acked, stopped
        rest = log.rest()

    assert "Traceback" not in rest
    assert charge_count(settings) == 1
    assert await ready_count(bus.connection, bus.topology.payments) == 0  # acked, not requeued
