"""Ctrl-C for real: start the installed script, wait until it says it is ready, send SIGINT.

No sleeps: the script prints a line to stderr when it starts reading stdin, and the test
waits for that line (with a generous deadline) before it sends the signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import DEADLINE, EXAMPLES, LineReader, env_with_db, run, script_path


@pytest.fixture(autouse=True)
def _sigint_not_ignored() -> Iterator[None]:
    """Children must start with SIGINT at its default, or no KeyboardInterrupt can happen.

    A shell starts background jobs (`pytest &`, nohup, some CI runners) with SIGINT ignored,
    and an ignored signal stays ignored across exec: Python then installs no handler, and
    the SIGINT we send is silently dropped. Setting a handler here (any handler) means the
    children exec'd from this process start with the default disposition.
    """
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def interrupt_import(command: list[str | Path], db: Path, *, typed: str = "") -> tuple[int, str]:
    """Start `import`, wait for its readiness line, type some lines, press Ctrl-C."""
    with subprocess.Popen(
        [str(part) for part in command],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env_with_db(db),
    ) as proc:
        assert proc.stdin is not None
        assert proc.stderr is not None
        reader = LineReader(proc.stderr)
        reader.start()
        try:
            assert reader.first_line.wait(DEADLINE), "the command never said it was ready"
            assert reader.lines, f"the command exited before it was ready: rc={proc.poll()}"
            if typed:
                proc.stdin.write(typed)
                proc.stdin.flush()
            proc.send_signal(signal.SIGINT)
            returncode = proc.wait(DEADLINE)
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join(DEADLINE)
    return returncode, reader.text


def test_sigint_ends_by_sigint_without_traceback(script: Path, db: Path) -> None:
    """Killed by SIGINT (a shell shows 130), as an unhandled Ctrl-C would be, minus the noise."""
    returncode, stderr = interrupt_import([script, "import"], db)
    assert returncode == -signal.SIGINT
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr


def test_sigint_during_import_saves_nothing(script: Path, db: Path) -> None:
    """Lines typed before Ctrl-C are not half-saved: the import is one transaction at EOF."""
    returncode, _ = interrupt_import([script, "import"], db, typed="first\nsecond\n")
    assert returncode == -signal.SIGINT
    listed = run([script, "list"], db)
    assert (listed.returncode, listed.stdout) == (0, "")


def test_import_saves_everything_at_end_of_input(script: Path, db: Path) -> None:
    """The other half of the previous test: the same lines and a normal EOF are saved."""
    done = run([script, "import"], db, stdin="first\nsecond\n")
    assert done.returncode == 0
    first, second = done.stdout.split()
    assert run([script, "list"], db).stdout == f"{first}\tfirst\n{second}\tsecond\n"


def test_ctrl_c_also_stops_the_calling_shell_script(script: Path, db: Path) -> None:
    """Ctrl-C reaches the whole foreground group: the shell and the tool. Bash then waits
    for the tool and stops the script only if the tool died of SIGINT; a tool that *exits*
    130 looks as if it handled Ctrl-C, and bash runs the next command."""
    with subprocess.Popen(
        ["bash", "-c", f"'{script}' import; echo next-step-ran"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_with_db(db),
        start_new_session=True,  # its own process group, like a terminal's foreground job
    ) as shell:
        assert shell.stderr is not None
        try:
            assert shell.stderr.readline(), "the tool never said it was ready"
            os.killpg(shell.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
            out, _ = shell.communicate(timeout=DEADLINE)
        finally:
            if shell.poll() is None:
                os.killpg(shell.pid, signal.SIGKILL)
    assert "next-step-ran" not in out
    assert shell.returncode == -signal.SIGINT


def test_broken_click_standalone_mode_reports_ctrl_c_as_exit_1(db: Path) -> None:
    """`cli()` in standalone mode: click turns KeyboardInterrupt into "Aborted!" and exit 1.

    A caller (a shell loop, make, CI) cannot tell "the user stopped it" from "it failed".
    """
    example = EXAMPLES / "06_click_standalone.py"
    returncode, stderr = interrupt_import([sys.executable, example, "import"], db)
    assert returncode == 1
    assert "Traceback" not in stderr


def test_fixed_click_entry_point_reports_ctrl_c_as_130(db: Path) -> None:
    """The installed `notes` runs the same group through main(): it ends by SIGINT (130)."""
    returncode, _ = interrupt_import([script_path("notes"), "import"], db)
    assert returncode == -signal.SIGINT
