"""The HTTP edge tested two ways.

In process, through httpx's ASGITransport: no socket, no server, the app object is called
directly with fakes inside. Fast; catches routing, validation and error mapping.

As a real `latefees-serve` process on port 0, with Postgres and a real notification
receiver: catches what only the running program has (the composition root in serve.py,
settings from the environment, the socket, exit codes, signals), at the cost of a process.
"""

from __future__ import annotations

import re
import select
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from latefees import FeeService, FixedClock, InMemoryInvoiceRepository, Policy
from latefees.api import create_app
from tests.conftest import with_search_path
from tests.services import require
from tests.support import Receiver, child_env, receiver
from tests.test_service import RecordingNotifier

pytestmark = pytest.mark.anyio
INVOICE = {"id": "inv-1", "email": "a@example.com", "amount_cents": 10_000, "due": "2026-03-01"}


@pytest.fixture
async def client(clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(FeeService(InMemoryInvoiceRepository(), RecordingNotifier(), clock, Policy()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://latefees.test") as client:
        yield client


async def test_in_process_add_then_assess(client: httpx.AsyncClient) -> None:
    assert (await client.post("/invoices", json=INVOICE)).status_code == 201
    response = await client.post("/assessments")
    assert response.status_code == 200
    assert response.json() == [{"invoice_id": "inv-1", "days_late": 30, "fee_cents": 300}]


async def test_in_process_a_bad_body_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/invoices", json={**INVOICE, "amount_cents": 0})
    assert response.status_code == 422


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]
    notices: Receiver
    stderr_after_ready: str = ""  # what it printed after the ready line, read once it stopped


def serve_command() -> list[str]:
    script = shutil.which("latefees-serve", path=str(Path(sys.executable).parent))
    assert script, "latefees-serve is not installed in this environment"
    return [script, "--port", "0"]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """One real process for the module (process starts are the expensive part), with its own
    schema; SIGTERM at the end must drain and exit 0."""
    with started_server(signal.SIGTERM, expect=0) as running:
        yield running


def test_ctrl_c_drains_then_dies_by_sigint() -> None:
    with started_server(signal.SIGINT, expect=-signal.SIGINT) as running:
        assert httpx.get(f"{running.url}/health", timeout=10).status_code == 200


@contextmanager
def started_server(stop: signal.Signals, expect: int) -> Iterator[Server]:
    """`latefees-serve` on port 0 with a schema of its own; `stop` ends it with status `expect`."""
    postgres_url = require("postgres")
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        with receiver() as notices:
            env = child_env(
                LATEFEES_DATABASE_URL=with_search_path(postgres_url, schema),
                LATEFEES_NOTIFY_URL=notices.url,
            )
            proc = subprocess.Popen(
                serve_command(),
                env=env,
                stderr=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                text=True,
            )
            try:
                assert proc.stderr is not None
                # The ready line, or EOF if it died first; a bound on a hang before either.
                ready, _, _ = select.select([proc.stderr], [], [], 60)
                assert ready, "latefees-serve printed nothing for 60 s"
                line = proc.stderr.readline()
                found = re.search(r"listening on (http://\S+)", line)
                assert found, f"latefees-serve did not start: {line}{proc.stderr.read()}"
                running = Server(found.group(1), proc, notices)
                yield running
                proc.send_signal(stop)
                running.stderr_after_ready = proc.stderr.read()  # to EOF: until it exits
                assert proc.wait(timeout=30) == expect
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                if proc.stderr:
                    proc.stderr.close()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_the_services_own_log_lines_reach_stderr() -> None:
    """FeeService logs each fee on the `latefees` logger at INFO: the running server must show
    that line on stderr, through uvicorn's handler, not drop it for want of a handler."""
    invoice = {**INVOICE, "id": f"inv-{uuid.uuid4().hex[:8]}", "due": "2020-01-01"}
    with (
        started_server(signal.SIGTERM, expect=0) as running,
        httpx.Client(base_url=running.url, timeout=10.0) as http,
    ):
        assert http.post("/invoices", json=invoice).status_code == 201
        assert http.post("/assessments").status_code == 200
    pattern = rf"^INFO: +late fee \d+ cents on {invoice['id']} "
    assert re.search(pattern, running.stderr_after_ready, re.M), running.stderr_after_ready


def test_real_server_assesses_and_notifies_over_the_network(server: Server) -> None:
    invoice = {**INVOICE, "id": f"inv-{uuid.uuid4().hex[:8]}", "due": "2020-01-01"}
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        assert http.get("/health").json() == {"status": "ok"}
        assert http.post("/invoices", json=invoice).status_code == 201
        assessed = http.post("/assessments").json()
    # Years late on the system clock, so the fee is the cap whatever today is.
    assert {"invoice_id": invoice["id"], "fee_cents": 1_000} in [
        {"invoice_id": a["invoice_id"], "fee_cents": a["fee_cents"]} for a in assessed
    ]
    assert {"invoice_id": invoice["id"], "email": "a@example.com", "fee_cents": 1_000} in (
        server.notices.received
    )


def test_real_server_refuses_a_duplicate_with_409(server: Server) -> None:
    """Postgres refuses the duplicate id; the fake used in process does not (exercise 1)."""
    invoice = {**INVOICE, "id": f"inv-{uuid.uuid4().hex[:8]}"}
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        assert http.post("/invoices", json=invoice).status_code == 201
        assert http.post("/invoices", json=invoice).status_code == 409


def test_bad_settings_exit_78_naming_every_variable() -> None:
    env = {k: v for k, v in child_env().items() if not k.startswith("LATEFEES_")}
    done = subprocess.run(
        serve_command(),
        env={**env, "LATEFEES_GRACE_DAYS": "soon"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 78
    named = set(re.findall(r"^  (LATEFEES_\w+):", done.stderr, flags=re.MULTILINE))
    assert named == {"LATEFEES_DATABASE_URL", "LATEFEES_NOTIFY_URL", "LATEFEES_GRACE_DAYS"}
    assert "Traceback" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error_naming_the_option() -> None:
    """Checked by the parser before settings or Postgres: exit 2, nothing started."""
    script = serve_command()[0]
    done = subprocess.run(
        [script, "--port", "70000"],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("usage: latefees-serve")
    assert "argument --port" in done.stderr
    assert "Traceback" not in done.stderr
