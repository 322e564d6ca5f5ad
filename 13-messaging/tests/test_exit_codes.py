"""Exit codes of `orderbus-consume` that need no running consumer: 78 and 69."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CONSUMER = [str(BIN / "orderbus-consume")]


@pytest.fixture
def env(amqp_url: str, postgres_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        # A lab run puts the patched copy's src/ first on PYTHONPATH: the child must see it too.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "ORDERBUS_AMQP_URL": amqp_url,
        "ORDERBUS_POSTGRES_URL": postgres_url,
    }


def test_bad_variables_are_each_named_and_exit_78(env: dict[str, str]) -> None:
    env = {**env, "ORDERBUS_PREFETCH": "0", "ORDERBUS_NAMESPACE": "Bad Name"}
    done = subprocess.run(CONSUMER, env=env, capture_output=True, text=True, timeout=30)

    assert done.returncode == 78
    assert "ORDERBUS_PREFETCH" in done.stderr
    assert "ORDERBUS_NAMESPACE" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_broker_exits_69(env: dict[str, str]) -> None:
    env = {**env, "ORDERBUS_AMQP_URL": "amqp://course:course@127.0.0.1:1/course"}
    done = subprocess.run(CONSUMER, env=env, capture_output=True, text=True, timeout=60)

    assert done.returncode == 69
    assert "unavailable" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_scripts_are_installed() -> None:
    for script in ("orderbus-consume", "orderbus-dlq"):
        assert shutil.which(script, path=str(BIN)) is not None
