"""The two Break it labs of the README, each as a broken/fixed pair of real processes."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DEADLINE, EXAMPLES, env_with_db, run, script_path, seed, shell

# ---- Lab 1: the swallowed error --------------------------------------------------------


def and_then_deploy(command: str, db: Path) -> subprocess.CompletedProcess[str]:
    """`command && echo deploying` in a real shell, as a CI step would run it."""
    return shell(f"{command} && echo deploying", db)


def test_broken_swallowed_error_exits_0_so_the_next_step_runs(db: Path) -> None:
    example = EXAMPLES / "03_swallowed_error.py"
    done = and_then_deploy(f"'{sys.executable}' '{example}' --db '{db}' rm 999", db)
    assert done.returncode == 0
    assert "deploying" in done.stdout  # the failure did not stop the pipeline


def test_fixed_error_exits_1_so_the_next_step_does_not_run(script: Path, db: Path) -> None:
    done = and_then_deploy(f"'{script}' rm 999", db)
    assert done.returncode == 1
    assert "deploying" not in done.stdout
    assert done.stdout == ""  # the error went to stderr, where a pipe will not swallow it
    assert len(done.stderr.splitlines()) == 1


# ---- Lab 2: `list | head -1` ------------------------------------------------------------

NOTES = 5_000  # about 200 KB of output: more than the 64 KiB pipe buffer


def into_head(
    command: list[str | Path], db: Path, *, unset: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    """Run `command | head -1` with a real pipe between two real processes.

    Returns (the writer's exit code, head's stdout, the writer's stderr). The writer blocks
    when the pipe is full; head reads one line and exits; the writer's next write hits a
    pipe with no reader. That ordering is forced by the buffer size, not by timing.
    """
    env = {k: v for k, v in env_with_db(db).items() if k not in unset}
    with subprocess.Popen(
        [str(part) for part in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as writer:
        assert writer.stdout is not None
        head = subprocess.run(
            ["head", "-1"], stdin=writer.stdout, capture_output=True, timeout=DEADLINE
        )
        writer.stdout.close()  # only head holds the read end now, and head has exited
        _, err = writer.communicate(timeout=DEADLINE)
    return writer.returncode, head.stdout.decode(), err.decode()


@pytest.fixture
def big_db(db: Path) -> Path:
    seed(db, NOTES)
    return db


def test_broken_naive_list_into_head_prints_a_traceback(big_db: Path) -> None:
    example = EXAMPLES / "04_naive_list.py"
    code, first, stderr = into_head([sys.executable, example, "--db", big_db], big_db)
    assert first.startswith("1\t")
    assert code == 1
    assert "Traceback" in stderr
    assert "BrokenPipeError" in stderr


def test_fixed_list_into_head_is_quiet(script: Path, big_db: Path) -> None:
    code, first, stderr = into_head([script, "list"], big_db)
    assert first.startswith("1\t")
    assert code == 1  # not a success: the output was cut short (see the README on 141)
    assert stderr == ""


def test_fixed_list_into_real_shell_pipe(script: Path, big_db: Path) -> None:
    """The same through the shell, `set -o pipefail` so the writer's exit code shows."""
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"'{script}' list | head -1"],
        capture_output=True,
        text=True,
        env=env_with_db(big_db),
        timeout=DEADLINE,
    )
    assert done.stdout.startswith("1\t")
    assert (done.returncode, done.stderr) == (1, "")


def test_sig_dfl_is_quiet_but_skips_cleanup(tmp_path: Path) -> None:
    """`signal(SIGPIPE, SIG_DFL)`: no traceback, but the process dies before `finally`."""
    example = EXAMPLES / "05_sigpipe_default.py"
    code, first, stderr = into_head([sys.executable, example], tmp_path / "unused.sqlite3")
    assert first == "line 1\n"
    assert code == -signal.SIGPIPE  # killed by the kernel: the shell would show 141
    assert "cleanup ran" not in stderr


def test_small_buffered_output_into_head_exits_0(db: Path) -> None:
    """A few lines from print() leave in one write at exit, before head can leave: exit 0.

    This is why the broken-pipe bug hides in development and shows up on real data. It needs
    stdout block-buffered: with PYTHONUNBUFFERED set (some CI runners and IDEs set it) every
    print() is its own write, and head may leave after line 1 even here. The same goes for
    `notes`: click.echo flushes after every line.
    """
    seed(db, 3)
    command: list[str | Path] = [script_path("notes-argparse"), "list"]
    code, first, stderr = into_head(command, db, unset=("PYTHONUNBUFFERED",))
    assert (code, stderr) == (0, "")
    assert first.startswith("1\t")


def test_list_still_complete_without_head(script: Path, big_db: Path) -> None:
    done = run([script, "list"], big_db)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == NOTES
