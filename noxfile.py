"""The course's root runner: every lesson's checks, each in its own uv project.

    uvx nox                                  # every lesson and tools/, then a summary table
    uvx nox -s "lesson(03-config-management)"  # one lesson
    uvx nox -k "logging or context"          # lessons whose name has one of these words
    uvx nox -l                               # list what can run

Each lesson session runs, in the lesson's folder: `uv sync --locked`, `pytest`, `ruff check`,
`ruff format --check` and `mypy`. A failing step does not stop the others (you want to see
every problem at once); the session fails if any step failed, nox exits non-zero, and the
table printed at exit shows which step of which lesson failed, how long the lesson and its
pytest step took, and how many tests ran.

The steps run one after another, so the pytest column is what a learner's `uv run pytest` takes:
most suites run on two workers and keep both cores busy themselves.
"""

from __future__ import annotations

import atexit
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "none"  # each lesson brings its own uv environment
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
# Numbered lessons in order, then tools/ (the doctor and the root README's own tests).
PROJECTS = [
    path.parent.name
    for path in [*sorted(ROOT.glob("[0-9][0-9]-*/pyproject.toml")), ROOT / "tools/pyproject.toml"]
    if path.is_file()
]
STEPS: dict[str, list[str]] = {
    "sync": ["uv", "sync", "--locked"],
    "pytest": ["uv", "run", "--locked", "pytest"],
    "ruff": ["uv", "run", "--locked", "ruff", "check"],
    "format": ["uv", "run", "--locked", "ruff", "format", "--check"],
    "mypy": ["uv", "run", "--locked", "mypy"],
}
# pytest rewrites the asserts of every module of a pytest plugin it loads (hypothesis' and
# schemathesis' come to about 270 modules, 1 s of CPU per pytest start) and of the test files,
# and caches the result only where bytecode may be written. Where PYTHONDONTWRITEBYTECODE is set,
# one collection without it, after the sync, writes that cache; nothing else is written then, so
# a file a README patches and restores is still read afresh. Not a learner's run: no cache
# plugin (it would note a finished suite for `course progress`), no addopts (no workers).
WARM = [
    *("uv", "run", "--locked", "pytest", "--collect-only", "-qq"),
    *("-p", "no:randomly", "-p", "no:cacheprovider", "-o", "addopts="),
]


@dataclass
class Row:
    """What one project's checks came to."""

    project: str
    results: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)
    tests: dict[str, int] = field(default_factory=dict)


ROWS: list[Row] = []


def junit_counts(report: Path) -> dict[str, int]:
    """Passed/failed/skipped counts from pytest's JUnit XML report."""
    if not report.is_file():
        return {}
    suite = ET.parse(report).getroot()  # noqa: S314  (pytest wrote it, this run)
    suite = suite if suite.tag == "testsuite" else suite[0]
    total, failures, errors, skipped = (
        int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")
    )
    return {
        "passed": total - failures - errors - skipped,
        "failed": failures + errors,
        "skipped": skipped,
    }


@nox.session
@nox.parametrize("project", [nox.param(name, id=name) for name in PROJECTS])
def lesson(session: nox.Session, project: str) -> None:
    """Sync, test, lint, format-check and type-check one lesson."""
    report = Path(session.create_tmp()).resolve() / f"junit-{project}.xml"
    session.chdir(ROOT / project)
    row = Row(project)
    ROWS.append(row)
    report.unlink(missing_ok=True)
    # Run the lesson in its own environment, not in the one uvx made for nox (None unsets).
    env: dict[str, str | None] = {"VIRTUAL_ENV": None, "UV_PROJECT_ENVIRONMENT": None}
    # `uv sync` compiles the environment's bytecode once: where PYTHONDONTWRITEBYTECODE is set
    # (many CI images set it) every process would otherwise compile SQLAlchemy, pydantic and
    # the rest from source at each start, which made the course a third slower. Only the sync:
    # under `uv run` it would recompile everything at every README command.
    sync_env = {**env, "UV_COMPILE_BYTECODE": "1"}
    started = time.monotonic()
    for step, command in STEPS.items():
        if row.results.get("sync") == "FAIL":
            row.results[step] = "-"
            continue
        args = [*command, f"--junitxml={report}"] if step == "pytest" else command
        if step == "pytest" and session.posargs:
            args = [*args, *session.posargs]
        step_started = time.monotonic()
        try:
            session.run(*args, external=True, env=sync_env if step == "sync" else env)
        except nox.command.CommandFailed:
            row.results[step] = "FAIL"
        else:
            row.results[step] = "ok"
            if step == "sync":  # a collection error shows in the pytest step, not here
                warm_env = {**env, "PYTHONDONTWRITEBYTECODE": None}
                session.run(
                    *WARM,
                    external=True,
                    env=warm_env,
                    silent=True,
                    success_codes=[0, 1, 2, 3, 4, 5],
                )
        row.step_seconds[step] = time.monotonic() - step_started
    row.seconds = time.monotonic() - started
    row.tests = junit_counts(report)
    failed = [step for step, result in row.results.items() if result == "FAIL"]
    if failed:
        session.error(f"{project}: {', '.join(failed)} failed")


def print_summary() -> None:
    """The table a learner reads first: which step of which lesson failed."""
    if not ROWS:
        return
    width = max(len(row.project) for row in ROWS)
    header = (
        f"{'lesson':<{width}}  " + "  ".join(f"{s:<6}" for s in STEPS) + "  time     pytest   tests"
    )
    print("\n" + header + "\n" + "-" * len(header))
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for row in ROWS:
        cells = "  ".join(f"{row.results.get(step, '-'):<6}" for step in STEPS)
        tests = " ".join(f"{n} {k}" for k, n in row.tests.items() if n) or "-"
        pytest_s = row.step_seconds.get("pytest", 0.0)
        print(f"{row.project:<{width}}  {cells}  {row.seconds:6.1f}s  {pytest_s:6.1f}s  {tests}")
        for key in totals:
            totals[key] += row.tests.get(key, 0)
    bad = [row.project for row in ROWS if "FAIL" in row.results.values()]
    print(f"\n{len(ROWS) - len(bad)} of {len(ROWS)} lessons passed every step.")
    # One plain closing line that CI tools read: the course-wide test counts.
    print(
        f"tests: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped"
    )


atexit.register(print_summary)
