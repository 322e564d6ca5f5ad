"""The course command, run as a learner runs it, on a small course made for each test.

Each test builds a checkout with the root README's lessons table and one real, tiny lesson (the
course's own conftest.py, a passing test, an exercise, a lab and its solution), so the
learner's real progress in this checkout is never read or changed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
COURSE = Path(sys.executable).parent / "course"
UV = shutil.which("uv")

README = """# A course

| # | Lesson | Topic | What you learn | Services |
| --- | --- | --- | --- | --- |
| 00 | [00-alpha](00-alpha/) | Alpha | Things | none |
| 01 | [01-beta](01-beta/) | Beta | More things | redis |
| 02 | 02-gamma (planned) | Gamma | Later | none |
"""
PYPROJECT = """[project]
name = "alpha"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[tool.uv]
package = false

[dependency-groups]
dev = ["pytest>=9.2", "ruff>=0.17", "mypy>=2.4", "sybil>=10.1"]

[tool.pytest]
testpaths = ["tests"]

[tool.ruff]
line-length = 100

[tool.ruff.lint]
select = ["E", "F", "W"]

[tool.mypy]
strict = true
files = ["tests", "conftest.py"]
"""
TESTS = """import pytest


def answer() -> int:
    return 42


def test_answer() -> None:
    assert answer() == 42


@pytest.mark.skip(reason="exercise 1: make double() return twice its argument")
def test_exercise_1_double() -> None:
    assert answer() * 2 == 84
"""
LAB = """--- a/tests/test_core.py
+++ b/tests/test_core.py
@@ -2,7 +2,7 @@ import pytest


 def answer() -> int:
-    return 42
+    return 41


 def test_answer() -> None:
"""
SOLUTION = """--- a/tests/test_core.py
+++ b/tests/test_core.py
@@ -9,6 +9,5 @@ def test_answer() -> None:
     assert answer() == 42


-@pytest.mark.skip(reason="exercise 1: make double() return twice its argument")
 def test_exercise_1_double() -> None:
     assert answer() * 2 == 84
"""
LESSON_README = """# 00 · Alpha

## Break it

```console
$ git apply labs/01-x.patch && uv run pytest tests/test_core.py; git apply -R labs/01-x.patch
```

## Exercises

Solutions are in solutions/.
"""


@dataclass
class Done:
    code: int
    out: str
    err: str


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(README)
    for name in ("00-alpha", "01-beta"):
        lesson = tmp_path / name
        (lesson / "tests").mkdir(parents=True)
        (lesson / "labs").mkdir()
        (lesson / "solutions").mkdir()
        (lesson / "pyproject.toml").write_text(PYPROJECT)
        (lesson / "README.md").write_text(LESSON_README)
        shutil.copy(ROOT / "00-python-basics/conftest.py", lesson / "conftest.py")
        (lesson / "tests/__init__.py").write_text("")
        (lesson / "tests/test_core.py").write_text(TESTS)
        (lesson / "labs/01-x.patch").write_text(as_patch(LAB))
        (lesson / "solutions/exercise-1.patch").write_text(as_patch(SOLUTION))
    return tmp_path


def as_patch(text: str) -> str:
    """A blank context line of a patch is one space (kept out of the source, where ruff W293
    would strip it)."""
    return "\n".join(line or " " for line in text.splitlines()) + "\n"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env(course: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "NO_COLOR")}
    return {**base, "COURSE_ROOT": str(course), **extra}


def course_cmd(course: Path, *args: str, **extra: str) -> Done:
    done = subprocess.run(
        [str(COURSE), *args], capture_output=True, text=True, timeout=600, env=env(course, **extra)
    )
    return Done(done.returncode, done.stdout, done.stderr)


def pytest_in(lesson: Path, *args: str) -> int:
    """The learner's own `uv run pytest` in a lesson (what the conftest records)."""
    assert UV is not None
    env_ = env(lesson.parent)
    return subprocess.run(
        [UV, "run", "--quiet", "pytest", "-q", "-p", "no:randomly", *args],
        cwd=lesson,
        capture_output=True,
        timeout=600,
        env=env_,
    ).returncode


def line(out: str, start: str) -> str:
    found = [row for row in out.splitlines() if row.startswith(start)]
    assert len(found) == 1, out
    return found[0]


def test_progress_of_a_new_checkout_lists_every_lesson_as_plain_text(course: Path) -> None:
    done = course_cmd(course, "progress", COURSE_REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert done.code == 0, done.err
    assert "\x1b[" not in done.out  # a pipe gets no colour codes
    assert line(done.out, "00").split()[1:5] == ["00-alpha", "not", "run", "0/1"]
    assert line(done.out, "00").split()[5:7] == ["0/1", "-"]
    assert line(done.out, "01").endswith("redis DOWN")
    assert line(done.out, "02").split()[1:] == ["02-gamma", "planned"]


def test_next_on_a_new_checkout_starts_at_lesson_00(course: Path) -> None:
    done = course_cmd(course, "next")
    assert done.code == 0, done.err
    assert "Lesson 00, Alpha: start here" in done.out
    assert "Run:   cd 00-alpha && uv run pytest" in done.out


@pytest.mark.skipif(UV is None, reason="uv is not on PATH; install it: python3 -m pip install uv")
def test_a_learner_goes_from_check_to_lab_to_exercise_to_the_next_lesson(course: Path) -> None:
    alpha = course / "00-alpha"
    subprocess.run([UV or "uv", "lock", "--quiet"], cwd=alpha, check=True, timeout=300)

    checked = course_cmd(course, "check", "00")
    assert checked.code == 0, checked.out + checked.err
    assert "00-alpha: every step passed" in checked.out
    assert line(course_cmd(course, "progress").out, "00").split()[2] == "green"

    # Green suite: the next step is the lab, with the README's own command.
    step = course_cmd(course, "next").out
    assert 'section "Break it"' in step
    assert "Run:   cd 00-alpha && git apply labs/01-x.patch && uv run pytest" in step

    # The learner applies the lab and runs the tests: red, and the lab counts as tried.
    subprocess.run(["git", "apply", "labs/01-x.patch"], cwd=alpha, check=True)
    failing = course_cmd(course, "check", "0")
    assert failing.code == 1
    assert "00-alpha: pytest failed" in failing.out
    row = line(course_cmd(course, "progress").out, "00")
    assert row.split()[2:4] == ["red", "(pytest)"]
    assert row.split()[5] == "1/1"  # labs tried
    subprocess.run(["git", "apply", "-R", "labs/01-x.patch"], cwd=alpha, check=True)

    # A plain whole-suite run counts too; the exercise is next.
    assert pytest_in(alpha) == 0
    step = course_cmd(course, "next").out
    assert "exercise 1" in step
    assert "Run:   cd 00-alpha && uv run pytest tests/test_core.py" in step

    # Solved: the check runs and passes instead of skipping; lesson 01 is next.
    subprocess.run(["git", "apply", "solutions/exercise-1.patch"], cwd=alpha, check=True)
    assert pytest_in(alpha, "tests/test_core.py") == 0
    assert line(course_cmd(course, "progress").out, "00").split()[4] == "1/1"
    assert "Lesson 01, Beta: start here" in course_cmd(course, "next").out


@pytest.mark.parametrize(
    ("lesson", "why"),
    [("99", "no lesson '99'"), ("02", "lesson 02 is planned")],
    ids=["unknown", "planned"],
)
def test_check_of_a_lesson_that_cannot_run_is_a_usage_error(
    course: Path, lesson: str, why: str
) -> None:
    done = course_cmd(course, "check", lesson)
    assert done.code == 2
    assert why in done.err
    assert done.out == ""


def test_check_without_uv_exits_69_and_says_so(course: Path) -> None:
    done = course_cmd(course, "check", "00", PATH="/nonexistent")
    assert done.code == 69
    assert "uv is not on PATH" in done.err
