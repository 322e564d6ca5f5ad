"""The root runner (noxfile.py): it finds every lesson, and a failing step fails the run and
shows up in the summary table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
NOXFILE = ROOT / "noxfile.py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_runner_passes_ruff_and_format() -> None:
    assert run("ruff", "check", str(NOXFILE), cwd=ROOT / "tools").returncode == 0
    assert run("ruff", "format", "--check", str(NOXFILE), cwd=ROOT / "tools").returncode == 0


def test_runner_has_one_session_per_lesson_and_tools() -> None:
    listed = run("nox", "-f", str(NOXFILE), "-l", cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    lessons = sorted(p.parent.name for p in ROOT.glob("[0-9][0-9]-*/pyproject.toml"))
    for name in [*lessons, "tools"]:
        assert f"lesson({name})" in listed.stdout


def test_a_failing_test_fails_the_run_and_is_named_in_the_table(tmp_path: Path) -> None:
    shutil.copy(NOXFILE, tmp_path / "noxfile.py")
    lesson = tmp_path / "99-broken"
    (lesson / "tests").mkdir(parents=True)
    (lesson / "pyproject.toml").write_text(
        '[project]\nname = "broken"\nversion = "0"\nrequires-python = ">=3.11"\n'
        '[tool.uv]\npackage = false\n[dependency-groups]\ndev = ["pytest", "ruff", "mypy"]\n'
    )
    (lesson / "tests" / "test_x.py").write_text("def test_x() -> None:\n    assert 1 == 2\n")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    uv = shutil.which("uv")
    assert uv, "uv must be installed"
    subprocess.run([uv, "lock", "-q"], cwd=lesson, env=env, check=True, timeout=300)

    done = run("nox", cwd=tmp_path)

    assert done.returncode != 0
    row = next(line for line in done.stdout.splitlines() if line.startswith("99-broken"))
    columns = dict(zip(["sync", "pytest"], row.split()[1:3], strict=True))
    assert columns == {"sync": "ok", "pytest": "FAIL"}, row
    assert done.stdout.rstrip().endswith("tests: 0 passed, 1 failed, 0 skipped")
