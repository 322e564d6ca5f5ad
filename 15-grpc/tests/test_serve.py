"""`inventory-server` as a real process: drain on SIGTERM, Ctrl-C, exit codes 2, 69 and 78."""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from inventory.pb import inventory_pb2 as pb
from tests.support import PYTHON, child_env, client, inventory

pytestmark = pytest.mark.anyio
SERVER = [PYTHON, "-m", "inventory.serve"]


@asynccontextmanager
async def server(*args: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, int]]:
    proc = await asyncio.create_subprocess_exec(
        *SERVER,
        "--port",
        "0",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=child_env(INVENTORY_TOKENS="w-token:writer"),
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        assert line.startswith(b"inventory listening on 127.0.0.1:"), line
        yield proc, int(line.rsplit(b":", 1)[1])
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def logged(proc: asyncio.subprocess.Process, needle: bytes) -> None:
    assert proc.stderr is not None
    async with asyncio.timeout(10):
        while needle not in await proc.stderr.readline():
            pass


async def test_sigterm_lets_the_call_in_flight_finish_then_exits_0() -> None:
    async with server("--shelf-ms", "20", "--grace", "30") as (proc, port):
        async with client(port, default_timeout=30) as channel:
            call = inventory(channel).Recount(pb.RecountRequest(sku="sku-0000", shelves=50))
            await logged(proc, b"started /inventory.v1.Inventory/Recount")
            proc.send_signal(signal.SIGTERM)
            result = await call
            assert result.shelves_counted == 50  # every shelf, not cut off at the signal
        assert await asyncio.wait_for(proc.wait(), 30) == 0


@pytest.mark.usefixtures("default_sigint")
async def test_ctrl_c_drains_then_dies_by_sigint() -> None:
    async with server() as (proc, _port):
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 30) == -signal.SIGINT
        assert proc.stderr is not None
        assert b"Traceback" not in await proc.stderr.read()


async def run(*args: str, **env: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *SERVER, *args, stderr=asyncio.subprocess.PIPE, env=child_env(**env)
    )
    _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode is not None
    return proc.returncode, stderr.decode()


@pytest.mark.parametrize("tokens", ["", "hunter2", "hunter2:admin", "a:reader,,hunter2"])
async def test_bad_tokens_exit_78_naming_the_variable_not_the_token(tokens: str) -> None:
    code, stderr = await run("--port", "0", INVENTORY_TOKENS=tokens)
    assert code == 78
    assert "INVENTORY_TOKENS" in stderr
    assert "hunter2" not in stderr  # a config error ends up in logs: it names pairs by number
    assert "Traceback" not in stderr


async def test_no_tokens_at_all_says_what_to_set() -> None:
    code, stderr = await run("--port", "0")  # child_env() drops every INVENTORY_* variable
    assert code == 78
    assert "INVENTORY_TOKENS: not set; expected token:role pairs" in stderr


async def test_a_port_in_use_exits_69() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, stderr = await run("--port", str(port), INVENTORY_TOKENS="t:reader")
    assert code == 69
    assert str(port) in stderr
    assert "Traceback" not in stderr


async def test_a_port_out_of_range_is_a_usage_error_naming_the_option() -> None:
    """grpc would listen on 70000 % 65536 instead: the parser refuses it first, exit 2."""
    code, stderr = await run("--port", "70000", INVENTORY_TOKENS="t:reader")
    assert code == 2
    assert stderr.startswith("usage: inventory-server")
    assert "argument --port" in stderr
    assert "Traceback" not in stderr
