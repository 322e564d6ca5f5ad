"""`jobqueue-worker`: run the hand-built queue's worker until SIGTERM or Ctrl-C.

Exit codes (the course's table): 0 stopped by SIGTERM after finishing the job in hand;
1 a database error other than a lost connection; 69 Postgres unavailable (at start, or the
connection lost on the way); 78 a bad JOBQUEUE_* variable. Ctrl-C finishes the job in hand
too, then ends by SIGINT (the shell shows 130).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from types import FrameType

import psycopg
from pydantic import ValidationError

from jobqueue.schema import create_schema
from jobqueue.settings import Settings
from jobqueue.worker import Worker

EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


def load_settings() -> Settings:
    """Settings, or exit 78 naming every bad variable (no traceback)."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            variable = "JOBQUEUE_" + str(error["loc"][0]).upper()
            print(f"jobqueue-worker: {variable}: {error['msg']}", file=sys.stderr)
        sys.exit(EXIT_CONFIG)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    worker = Worker(
        url=settings.postgres_url,
        name=f"{socket.gethostname()}:{os.getpid()}",
        lease_seconds=settings.lease_seconds,
        backoff_base=settings.backoff_base,
    )
    try:
        create_schema(settings.postgres_url)
        worker.run(stop)
    except psycopg.OperationalError as exc:
        print(f"jobqueue-worker: Postgres is unavailable: {exc}", file=sys.stderr)
        sys.exit(EXIT_UNAVAILABLE)
    except psycopg.Error as exc:  # a refused statement: one line, not a traceback
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        print(f"jobqueue-worker: {type(exc).__name__}: {first_line}", file=sys.stderr)
        sys.exit(1)
    if received and received[0] == signal.SIGINT:
        # Cleaned up; now end by SIGINT, as an unhandled Ctrl-C would (lesson 02).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
