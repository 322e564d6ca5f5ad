"""Make README.md (and deeper.md) a test: every console, python and diff block in it runs.

- ```console blocks run as one terminal would, in reading order: each `$ command` runs in bash,
  starting in this folder; a `cd` and an `export` carry over to the next command and the next
  block. The lines after a command are its expected output (stdout and stderr together). `...`
  matches any text, as in doctest's ELLIPSIS. A command must exit 0; show a failure as
  `$ cmd; echo "exit=$?"`.
- ```python blocks run in one namespace per file, in order; a block that starts with `>>>` is a
  doctest and its output is checked.
- ```diff blocks show a Break it patch: each must be a part of a file in labs/, which
  tests/test_labs.py applies to a copy of the lesson.
- `<!-- skip: next "reason" -->` before a block is allowed only where a test cannot run it
  here, and the reason says why.

It also notes a learner's progress for the course tool (`uv run --project ../tools course
progress`), in pytest's own cache: how the last whole-suite run went, which exercises pass, and
which labs/ patch was applied during a run. The tool reads that; it never reruns a suite.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.integration.pytest import SybilItem
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

if sys.platform != "win32":
    import fcntl

HERE = Path(__file__).parent
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS
DOCS = ("README.md", "deeper.md")  # the documents whose examples run as tests
TERMINAL = "__terminal__"  # the namespace key that holds one file's shell state
PROGRESS = "course/progress"  # the pytest cache key the course tool reads
README_RUN = "COURSE_README_RUN"  # set for the commands a README runs: not the learner's runs
# One lock per lesson folder (see pytest_runtest_protocol).
TREE_LOCK = Path(tempfile.gettempdir(), f"course-tree-{zlib.crc32(str(HERE).encode()):08x}.lock")
TREE_LOCK_VAR = "COURSE_TREE_LOCK"
WITH_THE_DOCS = "with_the_docs"  # the ini option: tests that run on the README's worker
EXERCISE = re.compile(r"test_exercise_(\d+)_")
RANK = {"passed": 0, "skipped": 1, "failed": 2}  # an exercise is done when all its tests pass
applied: list[str] = []  # labs/ patches applied during this run
outcomes: dict[str, str] = {}  # exercise number -> passed, skipped or failed, in this run


def run_console(example: Example) -> None:
    """Run each `$ command` of a console block in the file's one terminal and compare output."""
    block: str = example.parsed
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        else:
            raise ValueError(f"console block must start with '$ ': {line!r}")
    terminal = example.namespace.setdefault(
        TERMINAL, {"cwd": str(HERE), "env": {**os.environ, "NO_COLOR": "1", README_RUN: "1"}}
    )
    for command, want_lines in commands:
        with tempfile.TemporaryDirectory() as tmp:
            state = Path(tmp)
            # After the command: remember where it left the shell and what it exported.
            script = (
                f'cd "$1" || exit 97\n{command}\n__rc=$?\n'
                f'pwd > "{state}/cwd"; env -0 > "{state}/env"; exit $__rc\n'
            )
            try:
                done = subprocess.run(
                    ["bash", "-c", script, "bash", terminal["cwd"]],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=120,
                    env=terminal["env"],
                )
            except subprocess.TimeoutExpired as exc:
                # A plain failure: pytest plugins mishandle some exceptions raised from here.
                printed = exc.output or ""
                raise AssertionError(
                    f"$ {command}\nstill running after 120 s:\n{printed}"
                ) from None
            if (state / "cwd").is_file():
                terminal["cwd"] = (state / "cwd").read_text().strip()
                pairs = (state / "env").read_text().split("\0")
                terminal["env"] = dict(p.split("=", 1) for p in pairs if "=" in p)
        want = "\n".join(want_lines).strip() + "\n"
        got = done.stdout.strip() + "\n"
        assert done.returncode == 0, f"$ {command}\nexited {done.returncode}:\n{done.stdout}"
        if not CHECKER.check_output(want, got, FLAGS):
            raise AssertionError(
                f"$ {command}\n--- README shows\n{want}--- the command printed\n{got}"
            )


def check_diff(example: Example) -> None:
    """A diff shown in the README is (part of) a lab patch that a test really applies.

    Lines are compared without trailing white space: Markdown tools (and Sybil) drop it, and a
    blank context line of a patch is a single space.
    """
    shown = unpadded(example.parsed)
    patches = sorted(HERE.glob("labs/*.patch"))
    assert any(shown in unpadded(patch.read_text()) for patch in patches), (
        f"this diff is not part of any file in labs/ ({[p.name for p in patches]})"
    )


def unpadded(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep each document's examples in reading order: they are one story, one terminal.

    pytest-randomly shuffles tests/ (order independence is checked on every run); it runs
    first, and this puts the README and deeper.md examples in front, in the order they are
    read (under pytest-xdist, one worker runs them first: see pytest_xdist_make_scheduler).
    The tests that the ini option `with_the_docs` names go just before the examples.
    """
    if sys.platform == "win32":
        why = "native Windows: the course runs in bash with POSIX signals; use WSL2 (root README)"
        for item in items:
            item.add_marker(pytest.mark.skip(reason=why))
    examples = [item for item in items if isinstance(item, SybilItem)]
    examples.sort(key=lambda item: (str(item.path), item.example.line))
    joining = tuple(config.getini(WITH_THE_DOCS))
    tests = [item for item in items if not isinstance(item, SybilItem)]
    joined = [item for item in tests if item.nodeid.startswith(joining)]
    rest = [item for item in tests if not item.nodeid.startswith(joining)]
    items[:] = [*joined, *examples, *rest]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        WITH_THE_DOCS,
        "test ids (or their starts: a file, a test) that run on the README's worker, before it: "
        "tests that share something with the README that no per-test name can separate",
        type="args",
        default=[],
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under pytest-xdist (`-n 2`), README.md and deeper.md are one unit of work: one worker runs
    every example in reading order (they share a terminal and a namespace), while the others
    share out the tests one by one. (`--dist loadgroup` would do this with a mark, but it
    cannot relabel a test under pytest 9.2, so the grouping is done here.) The tests that the
    ini option `with_the_docs` names join that unit, before the examples.
    """
    if config.getoption("dist") != "load":
        return None  # another --dist asked for by name: xdist's own
    scheduler = importlib.import_module("xdist.scheduler")
    joining = tuple(config.getini(WITH_THE_DOCS))

    class DocsTogether(scheduler.LoadScopeScheduling):  # type: ignore[name-defined,misc]
        def _split_scope(self, nodeid: str) -> str:
            together = nodeid.split("::")[0] in DOCS or nodeid.startswith(joining)
            return "docs" if together else nodeid

    return DocsTogether(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`-n 2` in addopts (pytest-xdist) is for the whole suite. A run of named files or tests
    (`uv run pytest tests/test_x.py`, as READMEs and tests/labs.py do) stays in this one process:
    it starts in a fraction of the time and prints plainly. An -n on the command line wins.
    """
    flags = [arg for arg in config.invocation_params.args if isinstance(arg, str)]
    asked = any(arg.startswith(("-n", "--numprocesses")) for arg in flags)
    named = config.args_source == pytest.Config.ArgsSource.ARGS
    worker = hasattr(config, "workerinput")
    if named and not asked and not worker and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = 0


def pytest_configure(config: pytest.Config) -> None:
    """pytest may start with SIGINT ignored (a background job of a non-interactive shell, as a
    CI script starts it, passes it down through uv and xdist's workers), and an ignored signal
    stays ignored in every process it starts: a server under test would never see its Ctrl-C.
    Python's own handler here means the children start with the default again.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(config, "workerinput") and not os.environ.get(README_RUN):
        os.environ[TREE_LOCK_VAR] = str(TREE_LOCK)  # for tests/labs.py


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> object:
    """Under xdist, a README block that patches the lesson in place (`git apply` ... `git apply
    -R`) runs while no test does: the block holds this folder's lock exclusively, each test of
    tests/ holds it shared, and other README blocks do not take it. A lab check holds it only
    while it copies the folder (tests/labs.py): its pytest runs in the copy.
    """
    mode = None
    if hasattr(item.config, "workerinput") and not os.environ.get(README_RUN):
        if not isinstance(item, SybilItem):
            mode = None if item.path.name == "test_labs.py" else fcntl.LOCK_SH
        elif item.example.region.evaluator is run_console and "git apply" in item.example.parsed:
            mode = fcntl.LOCK_EX
    if mode is None:
        return (yield)
    with TREE_LOCK.open("a") as lock:
        fcntl.flock(lock, mode)
        try:
            return (yield)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def applied_labs() -> list[str]:
    """The labs/ patches applied right now: the ones whose reverse applies cleanly."""
    names = []
    for patch in sorted(HERE.glob("labs/*.patch")):
        try:
            done = subprocess.run(
                ["git", "apply", "--check", "-R", f"labs/{patch.name}"],
                cwd=HERE,
                capture_output=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):  # no git here: no lab is noted
            return []
        if done.returncode == 0:
            names.append(f"labs/{patch.name}")
    return names


def pytest_sessionstart(session: pytest.Session) -> None:
    applied[:] = applied_labs()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    found = EXERCISE.search(report.nodeid.rpartition("::")[2])
    if found and (report.when == "call" or report.outcome != "passed"):
        before = outcomes.get(found.group(1), "passed")
        outcomes[found.group(1)] = max(before, report.outcome, key=RANK.__getitem__)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Note this run for `course progress`: a whole-suite result only for a whole-suite run."""
    config = session.config
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider
    if cache is None or hasattr(config, "workerinput") or os.environ.get(README_RUN):
        return
    progress = cache.get(PROGRESS, {})
    progress.setdefault("exercises", {}).update(outcomes)
    progress["labs"] = sorted({*progress.get("labs", []), *applied})
    option = config.option
    whole = (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not (option.keyword or option.markexpr or getattr(option, "lf", False))
        and not applied
    )
    if whole and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        progress["suite"] = {"green": exitstatus == pytest.ExitCode.OK, "at": time.time()}
    cache.set(PROGRESS, progress)


pytest_collect_file = Sybil(
    parsers=[
        CodeBlockParser(language="console", evaluator=run_console),
        CodeBlockParser(language="diff", evaluator=check_diff),
        PythonCodeBlockParser(doctest_optionflags=FLAGS),
        SkipParser(),
    ],
    patterns=list(DOCS),
).pytest()
