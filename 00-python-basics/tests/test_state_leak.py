"""Break it: state created once (a mutable default, a class-level list) leaks across requests."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import basics.broken
from basics import fixed

LESSON = Path(__file__).resolve().parent.parent
ALICE = {"email": "alice-at-example.com", "password": "hunter"}  # two errors, one warning
BOB = {"email": "bob@example.com", "password": "correct-horse-battery-9"}  # valid, no warning
ANSWER = re.compile(r"^(req-\d) \S+: (\d{3})\n  errors: +(.*)\n  warnings: +(.*)$", re.MULTILINE)


@pytest.fixture
def broken() -> Iterator[ModuleType]:
    """A freshly executed broken module: re-running the defs is the only reset there is."""
    yield importlib.reload(basics.broken)
    importlib.reload(basics.broken)


def answers_from_one_process(version: str) -> dict[str, tuple[int, str, str]]:
    """Run examples/07_state_leak.py: one process, the module imported once, two signups."""
    done = subprocess.run(
        [sys.executable, "examples/07_state_leak.py", version],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {
        request: (int(status), errors, warnings)
        for request, status, errors, warnings in ANSWER.findall(done.stdout)
    }


def test_broken_first_request_is_right_so_a_one_shot_script_never_shows_it(
    broken: ModuleType,
) -> None:
    result = broken.handle_signup(ALICE, "req-1")
    assert result.status == 422
    assert len(result.errors) == 2
    assert len(result.warnings) == 1


def test_broken_state_leaks_into_the_next_call(broken: ModuleType) -> None:
    first = broken.handle_signup(ALICE, "req-1")
    second = broken.handle_signup(BOB, "req-2")
    assert second.status == 422  # a valid signup, rejected
    assert second.errors == first.errors  # ...with Alice's errors
    assert second.warnings == first.warnings
    broken.handle_signup(ALICE, "req-3")
    assert len(broken.validate_signup.__defaults__[0]) == 4  # the default grows forever
    assert broken.RequestContext("a").warnings is broken.RequestContext("b").warnings


def test_broken_state_leaks_between_requests_in_one_process() -> None:
    """Bob's valid signup, handled second by the same process, gets Alice's answer."""
    answers = answers_from_one_process("broken")
    assert answers["req-1"][0] == 422
    assert answers["req-2"] == answers["req-1"]


def test_fixed_each_call_gets_its_own_state() -> None:
    """Any number of calls, in any order: each answer depends only on its own form."""
    for request_id, form in enumerate((ALICE, BOB, ALICE, BOB, BOB, ALICE)):
        result = fixed.handle_signup(form, f"req-{request_id}")
        if form is BOB:
            assert (result.status, result.errors, result.warnings) == (201, (), ())
        else:
            assert (result.status, len(result.errors), len(result.warnings)) == (422, 2, 1)
    assert fixed.RequestContext("a").warnings is not fixed.RequestContext("b").warnings


def test_fixed_no_leak_between_requests_in_one_process() -> None:
    answers = answers_from_one_process("fixed")
    assert answers["req-1"][0] == 422
    assert answers["req-2"] == (201, "[]", "[]")


def test_ruff_flags_the_broken_version() -> None:
    """B006 and RUF012 catch both bugs in broken.py, and nothing in fixed.py."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "ruff", "check"),
            "--isolated",  # ignore pyproject.toml, so its per-file-ignores do not apply
            "--ignore-noqa",  # and any noqa comment (exercise 3)
            *("--select", "B006,RUF012", "--output-format", "json"),
            *("src/basics/broken.py", "src/basics/fixed.py"),
        ],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    found = {(Path(d["filename"]).name, d["code"]) for d in json.loads(done.stdout)}
    assert found == {("broken.py", "B006"), ("broken.py", "RUF012")}
