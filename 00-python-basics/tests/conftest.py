"""Shared fixtures: running mypy once on the deliberately wrong files in tests/data/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

LESSON = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class MypyError:
    file: str  # file name only, e.g. "wrong_notifier.py"
    line: int
    code: str | None


@dataclass(frozen=True)
class MypyRun:
    returncode: int
    errors: list[MypyError]

    def in_file(self, name: str) -> list[MypyError]:
        return [e for e in self.errors if e.file == name]


@pytest.fixture(scope="session")
def mypy_on_data(tmp_path_factory: pytest.TempPathFactory) -> MypyRun:
    """mypy --strict over tests/data/*.py, one run for the session (a cold run takes seconds)."""
    files = sorted(str(p.relative_to(LESSON)) for p in DATA.glob("*.py"))
    cache = tmp_path_factory.mktemp("mypy-cache")
    command = [sys.executable, "-m", "mypy", "--strict", "-O", "json", "--cache-dir", str(cache)]
    done = subprocess.run(
        [*command, *files],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "NO_COLOR": "1"},
    )
    errors = []
    for line in done.stdout.splitlines():
        record = json.loads(line)
        if record["severity"] == "error":
            errors.append(MypyError(Path(record["file"]).name, record["line"], record["code"]))
    assert done.returncode in (0, 1), f"mypy crashed:\n{done.stdout}\n{done.stderr}"
    return MypyRun(done.returncode, errors)


def expected_lines(name: str, code: str) -> list[int]:
    """Line numbers in tests/data/<name> marked with the comment `# expect: <code>`."""
    text = (DATA / name).read_text().splitlines()
    lines = [n for n, line in enumerate(text, start=1) if line.endswith(f"# expect: {code}")]
    assert lines, f"no line in {name} is marked '# expect: {code}'"  # else == [] always passes
    return lines
