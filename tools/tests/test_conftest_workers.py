"""The lessons' conftest.py under two pytest-xdist workers, in a tiny lesson made for each test.

What it promises (CONTRIBUTING, "Two workers"): README examples run on one worker in reading
order, sharing one terminal and one namespace, preceded there by the tests that the ini option
`with_the_docs` names; a run of named files stays in one process; and a
process a test starts gets SIGINT's default action back (even when pytest itself started with
SIGINT ignored), so a Ctrl-C test can stop a server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
UV = shutil.which("uv")
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)

PYPROJECT = """[project]
name = "workers"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[tool.uv]
package = false

[dependency-groups]
dev = ["pytest>=9.2", "pytest-xdist>=3.8.0", "sybil>=10.1"]

[tool.pytest]
addopts = ["-n", "2"]
testpaths = ["tests", "README.md"]
"""
# Each block depends on the one before it: out of order, or split over workers, they fail.
README = """# Workers

```console
$ export GREETING=hello
```

```python
>>> shared = 41
```

```console
$ echo "$GREETING"
hello
```

```python
>>> shared + 1
42
```
"""
# Enough tests that both workers get some while one runs the README.
TESTS = """import signal
import subprocess
import sys

import pytest

CHILD = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"


@pytest.mark.parametrize("n", range(6))
def test_some_work(n: int) -> None:
    assert n >= 0


def test_a_child_process_can_be_interrupted() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stdout + done.stderr
"""


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    if UV is None:
        pytest.skip("uv is not on PATH: install it (root README, 'Set up')")
    (tmp_path / "tests").mkdir()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "README.md").write_text(README)
    shutil.copy(ROOT / "00-python-basics/conftest.py", tmp_path / "conftest.py")
    (tmp_path / "tests/__init__.py").write_text("")
    (tmp_path / "tests/test_core.py").write_text(TESTS)
    return tmp_path


def pytest_in(lesson: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`uv run pytest -v ARGS` started with SIGINT ignored, as a CI script's background job is."""
    assert UV is not None
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "COURSE_README_RUN")}
    command = [UV, "run", "--quiet", "pytest", "-v", "-p", "no:cacheprovider", *args]
    return subprocess.run(
        [sys.executable, "-c", IGNORING_SIGINT, *command],
        cwd=lesson,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def test_the_whole_suite_runs_the_readme_on_one_worker_in_reading_order(lesson: Path) -> None:
    done = pytest_in(lesson)

    assert done.returncode == 0, done.stdout + done.stderr
    ran = re.findall(r"^\[(gw\d)\] .* PASSED (\S+)", done.stdout, re.MULTILINE)
    readme = [(worker, test) for worker, test in ran if test.startswith("README.md::")]
    lines = [int(test.split("line:")[1].split(",")[0]) for _, test in readme]
    assert len(readme) == 4, done.stdout
    assert len({worker for worker, _ in readme}) == 1, readme
    assert lines == sorted(lines), readme
    assert {worker for worker, _ in ran} == {"gw0", "gw1"}, ran  # and both workers worked


def test_with_the_docs_runs_the_named_tests_on_the_readmes_worker_before_it(lesson: Path) -> None:
    """A lesson's pyproject names tests that share something with the README (21: podman's
    image store): a whole file, and one test by its id."""
    (lesson / "tests/test_joined.py").write_text(
        "def test_joined_one() -> None:\n    pass\n\n\ndef test_joined_two() -> None:\n    pass\n"
    )
    joined = [
        "tests/test_core.py::test_some_work[3]",
        "tests/test_joined.py::test_joined_one",
        "tests/test_joined.py::test_joined_two",
    ]
    pyproject = lesson / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + 'with_the_docs = ["tests/test_joined.py", "tests/test_core.py::test_some_work[3]"]\n'
    )
    done = pytest_in(lesson)

    assert done.returncode == 0, done.stdout + done.stderr
    ran = re.findall(r"^\[(gw\d)\] .* PASSED (\S+)", done.stdout, re.MULTILINE)
    readme_workers = {worker for worker, test in ran if test.startswith("README.md::")}
    assert len(readme_workers) == 1, ran
    there = [test for worker, test in ran if worker in readme_workers]
    first_example = min(i for i, test in enumerate(there) if test.startswith("README.md::"))
    assert sorted(test for test in there[:first_example] if test in joined) == joined, there
    assert {worker for worker, _ in ran} == {"gw0", "gw1"}, ran  # the rest are shared out


def test_a_child_of_a_worker_gets_sigint_back(lesson: Path) -> None:
    """pytest started with SIGINT ignored, and children inherit an ignored signal."""
    done = pytest_in(lesson, "-k", "interrupted")

    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^\[gw\d\] .* PASSED tests/test_core.py::test_a_child", done.stdout, re.M)


def test_a_run_of_named_files_stays_in_one_process(lesson: Path) -> None:
    done = pytest_in(lesson, "tests/test_core.py")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "7 passed" in done.stdout  # the SIGINT check too, in this one process
    assert not re.search(r"^\[gw\d\]", done.stdout, re.MULTILINE)  # no worker ran a test
    assert not re.search(r"\d+ workers", done.stdout)  # and none was started


def test_an_explicit_n_on_the_command_line_wins(lesson: Path) -> None:
    done = pytest_in(lesson, "-n", "2", "tests/test_core.py")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 workers [7 items]" in done.stdout
