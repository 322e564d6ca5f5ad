"""Break it, part 2: a library that calls basicConfig() at import time and print()s.

The same job runs with each of two libraries that do the same work. The job imports its
library before it configures logging, as any module with the import at the top does.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.jsonlines import NotJsonLineError, events, json_lines
from tests.procs import DEADLINE, controlled_env, run_job


def test_broken_chatty_library_basicconfig_silently_drops_the_app_config() -> None:
    """The app configures like plain basicConfig (--no-force): the library got there first."""
    done = run_job("--library", "chatty", "--no-force", "--job-id", "j-1")

    assert done.returncode == 0  # nothing failed, nothing warned
    stdout_lines = done.stdout.splitlines()
    assert stdout_lines  # the library's print() output...
    for line in stdout_lines:
        with pytest.raises(NotJsonLineError):
            json_lines(line)  # ...and not one JSON line: the app's JSON handler never ran
    stderr_lines = done.stderr.splitlines()
    assert any("job.finished" in line for line in stderr_lines)  # app events: plain text
    assert any(line.startswith("DEBUG:") for line in stderr_lines)  # and the app's INFO
    with pytest.raises(NotJsonLineError):  # level is gone too: DEBUG from the library
        json_lines(done.stderr)


def test_broken_chatty_library_print_corrupts_the_json_stream_even_with_force() -> None:
    """force=True takes the root logger back, but nothing takes stdout back from print()."""
    done = run_job("--library", "chatty", "--job-id", "j-2")

    assert done.returncode == 0
    with pytest.raises(NotJsonLineError):
        json_lines(done.stdout)
    parsed = [json_lines(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert events([r for rs in parsed for r in rs], "job.finished")  # JSON, but interleaved


def test_fixed_polite_library_joins_the_app_stream_even_without_force() -> None:
    done = run_job("--library", "polite", "--no-force", "--job-id", "j-3")

    assert done.returncode == 0
    assert done.stderr == ""
    records = json_lines(done.stdout)  # every line parses
    assert all(r["job_id"] == "j-3" for r in records)
    (library,) = [r for r in records if r["logger"] == "applog.thirdparty.polite_geo"]
    assert library["level"] == "warning"  # the app's INFO level filters its DEBUG lines
    (finished,) = events(records, "job.finished")
    assert finished["located"] == 2


def python_c(code: str) -> subprocess.CompletedProcess[str]:
    """`python -c code` in a fresh interpreter: logging starts unconfigured there."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=controlled_env(),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


def test_polite_library_alone_prints_nothing_anywhere() -> None:
    """With no configuration at all, the NullHandler keeps a library's warning from reaching
    logging's last-resort stderr handler: the app, not the library, decides what is shown."""
    code = (
        "from applog.thirdparty import polite_geo; import logging; "
        "assert polite_geo.lookup('10.0.0.1') is None; "
        "assert logging.getLogger().handlers == []"
    )
    done = python_c(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_importing_chatty_library_changes_the_root_logger() -> None:
    code = (
        "import logging; before = list(logging.getLogger().handlers); "
        "from applog.thirdparty import chatty_geo; "
        "root = logging.getLogger(); "
        "print(len(before), len(root.handlers), logging.getLevelName(root.level))"
    )
    done = python_c(code)
    assert (done.returncode, done.stdout.split()) == (0, ["0", "1", "DEBUG"])
