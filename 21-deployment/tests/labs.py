"""Prove what a learner does by hand: Break it patches go red, exercise solutions go green.

Copied verbatim into every lesson (lessons never import each other); CONTRIBUTING.md explains
it. A lesson's `tests/test_labs.py` lists its `Lab`s and `Solution`s and calls `check_lab`,
`check_solution` and `check_every_patch_is_listed`.

Each check copies the lesson (without .venv and caches) to a temporary folder, applies one patch
there with `git apply` (the command the README gives the learner), and runs only the named test
files with this same interpreter: the lesson's environment is reused, nothing is synced, and
`PYTHONPATH` puts the copy's `src/` in front of the editable install of the original.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if sys.platform != "win32":
    import fcntl

LESSON = Path(__file__).resolve().parent.parent
# pytest plugins that load at every start but serve only the tests that use them, each with the
# words that show a test needs it: a nested run whose files (and tests/conftest.py) name none of
# them leaves the plugin out. schemathesis' plugin costs about 2.5 s per start, hypothesis' 0.6 s.
OPTIONAL_PLUGINS = {
    "schemathesis": ("schemathesis",),
    "hypothesispytest": ("hypothesis", "schemathesis"),  # schemathesis runs on hypothesis
}
COPY_IGNORES = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"
)


@dataclass(frozen=True)
class Lab:
    """A Break it step: `patch` makes exactly the tests in `fails` fail, each for its reason.

    `fails` maps a test name (as pytest prints it, parameters included) to a regular expression
    that its failure must match: the exception type or the assertion's message. Every other test
    in `files` must still pass (or skip).
    """

    patch: str
    files: tuple[str, ...]
    fails: dict[str, str]

    @property
    def name(self) -> str:
        return Path(self.patch).stem


@dataclass(frozen=True)
class Solution:
    """An exercise's reference solution: with `patch`, the `checks` run and pass.

    Without it, each check skips with a reason that starts "exercise N:". `files` holds the
    exercise's tests and the tests of the modules the solution changes, which must still pass.
    """

    patch: str
    exercise: int
    files: tuple[str, ...]
    checks: tuple[str, ...]

    @property
    def name(self) -> str:
        return Path(self.patch).stem


@dataclass
class Outcome:
    """What one pytest run in the patched copy came to, by test name."""

    passed: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # name -> message and traceback
    skipped: dict[str, str] = field(default_factory=dict)  # name -> reason
    output: str = ""

    def summary(self) -> str:
        return (
            f"passed={sorted(self.passed)}\nfailed={sorted(self.failed)}\n"
            f"skipped={sorted(self.skipped)}\n--- pytest output\n{self.output[-4000:]}"
        )


@contextlib.contextmanager
def reading_the_lesson() -> Iterator[None]:
    """Hold the lesson folder's lock, shared, while reading it. Under pytest-xdist a README block
    that patches the lesson in place holds it exclusively (the conftest names the lock file in
    COURSE_TREE_LOCK), so a copy never catches a half-applied Break it patch.
    """
    path = os.environ.get("COURSE_TREE_LOCK")
    if not path or sys.platform == "win32":
        yield
        return
    with Path(path).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_patched(patch: str, files: tuple[str, ...], tmp_path: Path) -> Outcome:
    """Apply `patch` to a copy of the lesson and run pytest on `files` there."""
    # The copy sits in a fresh git repository, as the lesson sits in the learner's clone, and
    # the patch is applied from the lesson folder with the command the README gives. (A patch
    # whose paths git reads as relative to the repository's top is skipped there, silently.)
    top = tmp_path / "clone"
    copy = top / LESSON.name
    with reading_the_lesson():
        shutil.copytree(LESSON, copy, ignore=COPY_IGNORES, symlinks=True)
    git_env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    subprocess.run(["git", "init", "-q", str(top)], env=git_env, check=True)
    applied = subprocess.run(
        ["git", "apply", "--verbose", str(LESSON / patch)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env=git_env,
    )
    assert applied.returncode == 0, f"git apply {patch} failed:\n{applied.stderr}"
    assert "Applied patch" in applied.stderr, (
        f"git apply {patch} changed nothing:\n{applied.stderr}"
    )
    assert "Skipped patch" not in applied.stderr, f"git apply {patch} skipped:\n{applied.stderr}"
    report = tmp_path / "report.xml"
    conftest = copy / "tests" / "conftest.py"
    texts = [(copy / file).read_text() for file in files]
    texts += [conftest.read_text()] if conftest.is_file() else []
    unused = [
        plugin
        for plugin, words in OPTIONAL_PLUGINS.items()
        if not any(word in text for word in words for text in texts)
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(copy)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        # A test that calls `uv run` uses the lesson's environment as it is, never syncs it.
        "UV_PROJECT_ENVIRONMENT": str(LESSON / ".venv"),
        "UV_NO_SYNC": "1",
    }
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider"),
            *(f"-pno:{name}" for name in unused),
            *("-q", "--no-header", f"--junitxml={report}", *files),
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outcome = Outcome(output=done.stdout + done.stderr)
    # 0: all passed, 1: some failed; anything else (usage, internal error, nothing collected)
    # means the run itself is broken.
    assert done.returncode in (0, 1), f"pytest exited {done.returncode}\n{outcome.output}"
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name", "")
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        skipped = case.find("skipped")
        if problem is not None:
            outcome.failed[name] = f"{problem.get('message', '')}\n{problem.text or ''}"
        elif skipped is not None:
            outcome.skipped[name] = skipped.get("message", "")
        else:
            outcome.passed.add(name)
    return outcome


def check_lab(lab: Lab, tmp_path: Path) -> None:
    """The patched copy fails exactly the named tests, each for its reason."""
    outcome = run_patched(lab.patch, lab.files, tmp_path)
    skip_if_a_service_is_missing(lab.patch, set(lab.fails), outcome)
    assert set(outcome.failed) == set(lab.fails), (
        f"{lab.patch} should fail exactly {sorted(lab.fails)}\n{outcome.summary()}"
    )
    for name, reason in lab.fails.items():
        assert re.search(reason, outcome.failed[name]), (
            f"{name} failed, but not matching {reason!r}:\n{outcome.failed[name][-3000:]}"
        )
    assert outcome.passed, f"no other test in {lab.files} passed\n{outcome.summary()}"


def check_solution(solution: Solution, tmp_path: Path) -> None:
    """Unpatched, the checks skip as exercise N; patched, they run and pass with the rest."""
    for check in solution.checks:
        with reading_the_lesson():
            reason = skip_reason(solution.files, check)
        assert reason.startswith(f"exercise {solution.exercise}:"), (
            f"{check} should skip with 'exercise {solution.exercise}: ...', got {reason!r}"
        )
    outcome = run_patched(solution.patch, solution.files, tmp_path)
    skip_if_a_service_is_missing(solution.patch, set(solution.checks), outcome)
    assert not outcome.failed, f"{solution.patch} left failures\n{outcome.summary()}"
    missing = set(solution.checks) - outcome.passed
    assert not missing, f"{sorted(missing)} did not run and pass\n{outcome.summary()}"


def skip_if_a_service_is_missing(patch: str, named: set[str], outcome: Outcome) -> None:
    """A named test that skipped in the patched copy (its service is down) skips this check
    too, with the same reason; a service named in COURSE_REQUIRE_SERVICES fails there instead.
    """
    for name in sorted(named & set(outcome.skipped)):
        reason = outcome.skipped[name]
        if not reason.startswith("exercise "):
            pytest.skip(f"{patch}: {name} skipped: {reason}")


def skip_reason(files: tuple[str, ...], test: str) -> str:
    """The reason of the `@pytest.mark.skip` on `test` in one of `files` ('' if none)."""
    for file in files:
        module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
        function = getattr(module, test.split("[")[0], None)
        for mark in getattr(function, "pytestmark", []):
            if mark.name == "skip":
                return str(mark.kwargs.get("reason", ""))
    return ""


GIT_HEADERS = (
    *("diff --git ", "index ", "new file mode ", "deleted file mode ", "old mode "),
    *("new mode ", "similarity index ", "rename from ", "rename to "),
)


def plain_diff(diff: str) -> str:
    """`git diff` output without git's own header lines: a plain unified diff. From a lesson
    folder inside a clone, `git apply` reads a git-style patch's paths as relative to the
    clone's top and skips every file; a plain diff's paths are relative to the folder."""
    kept = [line for line in diff.splitlines(keepends=True) if not line.startswith(GIT_HEADERS)]
    return "".join(kept)


def make_patch(target: str) -> None:
    """Write the lesson's uncommitted change (src/, tests/, examples/) to `target`.

        uv run python -m tests.labs labs/03-name.patch

    A new file needs `git add -N <file>` first, so that `git diff` shows it.
    """
    diff = subprocess.run(
        ["git", "diff", "--relative", "--", "src", "tests", "examples"],
        cwd=LESSON,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert diff, "no uncommitted change in src/, tests/ or examples/"
    (LESSON / target).write_text(plain_diff(diff))


def check_every_patch_is_listed(labs: list[Lab], solutions: list[Solution]) -> None:
    """Every file in labs/ and solutions/ is proven by a test, and the README names it."""
    on_disk = {p.relative_to(LESSON).as_posix() for p in LESSON.glob("labs/*.patch")}
    on_disk |= {p.relative_to(LESSON).as_posix() for p in LESSON.glob("solutions/*.patch")}
    listed = {lab.patch for lab in labs} | {solution.patch for solution in solutions}
    assert on_disk == listed, f"untested: {on_disk - listed}; missing: {listed - on_disk}"
    readme = (LESSON / "README.md").read_text()
    unnamed = sorted(lab.patch for lab in labs if lab.patch not in readme)
    assert not unnamed, f"README.md does not name {unnamed}"
    if solutions:
        assert "solutions/" in readme, "README.md does not say that solutions/ exists"


if __name__ == "__main__":
    make_patch(sys.argv[1])
