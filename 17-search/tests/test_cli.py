"""`shopsearch` as a real process: its output, its exit codes, and its word on a fallback."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

from tests.test_sync import closed_port_url

SCRIPT = str(Path(sys.executable).parent / "shopsearch")


def shopsearch(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ["PATH"],
        # A lab run puts the patched copy's src/ first on PYTHONPATH: the child must see it too.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    return subprocess.run(
        [SCRIPT, *args], env=base | env, capture_output=True, text=True, timeout=60, check=False
    )


def test_load_search_and_drop_with_elasticsearch_down(postgres_url: str) -> None:
    env = {
        "SHOPSEARCH_POSTGRES_URL": postgres_url,
        "SHOPSEARCH_SCHEMA": f"t_{uuid.uuid4().hex}",
        "SHOPSEARCH_ELASTICSEARCH_URL": closed_port_url(),
    }
    try:
        loaded = shopsearch("load", "--count", "300", **env)
        assert loaded.returncode == 0, loaded.stderr
        again = shopsearch("load", "--count", "300", **env)
        assert again.returncode == 1
        assert again.stderr.startswith("shopsearch: DuplicateTable")
        found = shopsearch("search", "wireless headphones", "--size", "3", **env)
    finally:
        dropped = shopsearch("drop", **env)
    assert dropped.returncode == 0, dropped.stderr
    with psycopg.connect(postgres_url) as conn:
        gone = conn.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = %s", (env["SHOPSEARCH_SCHEMA"],)
        ).fetchone()
    assert gone == (0,)

    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[-1] == "3 hit(s)"
    assert all("Wireless Headphones" in line for line in lines[:-1])
    assert "from the database" in found.stderr
    assert "Traceback" not in found.stderr


def test_a_bad_command_line_exits_2_with_the_usage() -> None:
    done = shopsearch("search")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: shopsearch")


def test_bad_settings_exit_78_naming_every_variable() -> None:
    done = shopsearch("search", "x", SHOPSEARCH_SCHEMA="Robert'); --", SHOPSEARCH_ALIAS="A B")
    assert done.returncode == 78
    named = [line.split(": ")[:2] for line in done.stderr.splitlines()]
    assert named == [["shopsearch", "SHOPSEARCH_SCHEMA"], ["shopsearch", "SHOPSEARCH_ALIAS"]]
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_exits_69() -> None:
    port = closed_port_url().rsplit(":", 1)[1]
    done = shopsearch(
        "search", "x", SHOPSEARCH_POSTGRES_URL=f"postgresql://course@127.0.0.1:{port}/course"
    )
    assert done.returncode == 69
    assert "Traceback" not in done.stderr
