"""In-process tests with click's CliRunner, and of main() itself.

CliRunner is fast and good for the parser and the commands, but it calls the click group
`cli` in standalone mode: it never runs our `main()`, so the exit-code contract must also be
tested on the installed script (tests/test_contract.py). Since Click 8.2, CliRunner has no
`mix_stderr`: `result.stdout` and `result.stderr` are always separate, and `result.output`
is what a terminal would show (both, interleaved).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from notes_cli import NoteNotFound
from notes_cli.click_app import cli, main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_stdout_and_stderr_are_separate(runner: CliRunner, db: Path) -> None:
    env = {"NOTES_DB": str(db)}
    added = runner.invoke(cli, ["add", "hello"], env=env)
    removed = runner.invoke(cli, ["rm", added.stdout.strip()], env=env)
    assert removed.exit_code == 0
    assert removed.stdout == ""
    assert removed.stderr.startswith("deleted note")
    assert removed.output == removed.stderr  # output = what the terminal showed


def test_usage_error_is_exit_2_with_usage_on_stderr(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db), "show", "abc"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr


def test_option_without_value_still_shows_usage(runner: CliRunner, db: Path) -> None:
    """click raises this one without a context; UsageOnErrorCommand attaches it."""
    result = runner.invoke(cli, ["--db", str(db), "list", "--limit"])
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_runner_sees_the_exception_not_our_error_line(runner: CliRunner, db: Path) -> None:
    """Standalone click does not know NotesError: CliRunner reports it as result.exception.

    Exit code 1 here comes from CliRunner catching an unhandled exception, not from our edge;
    nothing is printed on stderr. Only main() turns it into the one-line message.
    """
    result = runner.invoke(cli, ["--db", str(db), "rm", "999"])
    assert result.exit_code == 1
    assert isinstance(result.exception, NoteNotFound)
    assert result.stderr == ""


def test_import_reads_input(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db), "import"], input="a\n\nb\n")
    assert result.exit_code == 0
    assert result.stdout.split() == ["1", "2"]


def test_main_maps_not_found_to_exit_1_and_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(db), "show", "999"])
    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_main_help_exits_0(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["list", flag])
    assert exited.value.code == 0
    assert "--limit" in capsys.readouterr().out
