"""`jobqueue-worker` as a real process: a SIGKILL mid-job (the lease brings the job back, the
rolled-back transaction means it is charged once), SIGTERM and Ctrl-C finish the job in hand,
and the exit codes of a bad configuration and an unreachable database."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from jobqueue import Settings, Worker, place_order
from tests.support import count, environment, started, table_locked, wait_until_blocked

BIN = Path(sys.executable).parent
WORKER = [str(BIN / "jobqueue-worker")]


def test_a_killed_workers_job_is_done_once_by_the_next_worker(settings: Settings) -> None:
    url = settings.postgres_url
    place_order(url, "ada", "book", 2999)
    short_lease = settings.model_copy(update={"lease_seconds": 0.5})
    # The lock first: the worker claims the job the moment it is ready.
    with table_locked(url, "receipts"), started(WORKER, short_lease, ready="ready") as worker:
        wait_until_blocked(url, "receipts")  # charged, not committed: the effect is in flight
        worker.proc.send_signal(signal.SIGKILL)
        worker.proc.wait(30)

    heir = Worker(url, "heir")
    deadline = time.monotonic() + 30
    with psycopg.connect(url, autocommit=True) as conn:
        while (outcome := heir.run_once(conn)) is None:  # until the dead worker's lease ends
            assert time.monotonic() < deadline, "the job never came back"
            time.sleep(0.05)
    assert (outcome.state, outcome.job.attempts) == ("done", 2)
    assert count(url, "charges") == 1  # the killed worker's transaction rolled back


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 0), (signal.SIGINT, -2)])
def test_a_signal_lets_the_job_in_hand_finish(
    settings: Settings, sig: signal.Signals, status: int
) -> None:
    url = settings.postgres_url
    place_order(url, "ada", "book", 2999)
    lock = ExitStack()
    lock.enter_context(table_locked(url, "receipts"))  # before the worker is ready to claim
    with lock, started(WORKER, settings, ready="ready") as worker:
        wait_until_blocked(url, "receipts")
        worker.proc.send_signal(sig)
        lock.close()  # the job can finish now
        assert worker.proc.wait(30) == status
        output = worker.log.rest()
    assert count(url, "receipts") == 1, output
    assert "Traceback" not in output


def test_a_bad_variable_exits_78_naming_it(settings: Settings) -> None:
    env = {**environment(settings), "JOBQUEUE_MAX_ATTEMPTS": "zero", "JOBQUEUE_QUEUE": "No!"}
    done = subprocess.run(WORKER, env=env, capture_output=True, text=True, timeout=30)

    assert done.returncode == 78
    assert "JOBQUEUE_MAX_ATTEMPTS" in done.stderr
    assert "JOBQUEUE_QUEUE" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_exits_69(settings: Settings) -> None:
    env = {**environment(settings), "JOBQUEUE_POSTGRES_URL": "postgresql://course@127.0.0.1:1/x"}
    done = subprocess.run(WORKER, env=env, capture_output=True, text=True, timeout=30)

    assert done.returncode == 69
    assert "Traceback" not in done.stderr


def test_a_refused_statement_exits_1_with_one_line(settings: Settings) -> None:
    """Connected, but the database refuses the work (here: a search_path schema that does not
    exist, so the tables cannot be created): a run-time failure, exit 1, no traceback."""
    url = settings.postgres_url.split("?")[0]
    missing = f"{url}?options={quote('-c search_path=t_missing_' + uuid.uuid4().hex)}"
    env = {**environment(settings), "JOBQUEUE_POSTGRES_URL": missing}
    done = subprocess.run(WORKER, env=env, capture_output=True, text=True, timeout=30)

    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("jobqueue-worker: ")
    assert "Traceback" not in done.stderr
