"""Version 2: the same tool with click, Python's closest relative of Go's cobra.

Installed as the `notes` console script. `cli` is the click group (CliRunner tests call it
directly); `main` is the entry point, which runs `cli` with our exit-code contract around it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NoReturn

import click

from notes_cli._edge import ExitCode, exit_with, run_cli
from notes_cli._paths import ENV_VAR, default_db_path, prepare
from notes_cli._stdin import read_text
from notes_cli._store import NoteStore

PROG = "notes"
CONTEXT = {"help_option_names": ["-h", "--help"]}  # click only knows --help by default


class UsageOnErrorCommand(click.Command):
    """A command whose every usage error prints the usage line.

    click's option parser raises some usage errors (`--limit` with no value) without a
    context, and `UsageError.show()` prints the usage only when it has one. Attach it.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise


class UsageOnErrorGroup(UsageOnErrorCommand, click.Group):
    """The same fix for the group; its subcommands default to UsageOnErrorCommand."""

    command_class = UsageOnErrorCommand


def _store(ctx: click.Context) -> NoteStore:
    """Open the store once per run; the context closes it when the command ends."""
    db: Path = ctx.obj if ctx.obj is not None else default_db_path()
    return ctx.with_resource(NoteStore(prepare(db)))


@click.group(
    cls=UsageOnErrorGroup,
    context_settings=CONTEXT,
    epilog="Exit codes: 0 ok, 1 runtime error, 2 usage error, 130 interrupted.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    envvar=ENV_VAR,
    show_envvar=True,
    help="SQLite file to use (default: ~/.local/share/notes-cli/notes.sqlite3).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Keep short notes in a SQLite file. Data goes to stdout, messages to stderr."""
    ctx.obj = db


def _note_text(ctx: click.Context, param: click.Parameter, words: tuple[str, ...]) -> str:
    """Join the words of a note. A blank note is a usage error (exit 2), like a bad number."""
    text = " ".join(words)
    if not text.strip():
        raise click.BadParameter("a note needs some text", ctx=ctx, param=param)
    return text


@cli.command(context_settings=CONTEXT)
@click.argument("text", nargs=-1, required=True, callback=_note_text)
@click.pass_context
def add(ctx: click.Context, text: str) -> None:
    """Add a note (several words are joined) and print its id."""
    click.echo(_store(ctx).add(text))


@cli.command("list", context_settings=CONTEXT)
@click.option("--limit", type=click.IntRange(min=1), help="Print at most this many notes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "json"]),
    default="tsv",
    show_default=True,
    help="tsv: id<TAB>text; json: one JSON object per line.",
)
@click.pass_context
def list_notes(ctx: click.Context, limit: int | None, fmt: Literal["tsv", "json"]) -> None:
    """Print notes, oldest first, one per line."""
    for note in _store(ctx).iter_notes(limit):
        if fmt == "json":
            click.echo(json.dumps({"id": note.id, "text": note.text}))
        else:
            click.echo(f"{note.id}\t{note.text}")


@cli.command(context_settings=CONTEXT)
@click.argument("note_id", type=click.IntRange(min=1))
@click.pass_context
def show(ctx: click.Context, note_id: int) -> None:
    """Print the text of note NOTE_ID (an id from `list`)."""
    click.echo(_store(ctx).get(note_id).text)


@cli.command(context_settings=CONTEXT)
@click.argument("note_id", type=click.IntRange(min=1))
@click.pass_context
def rm(ctx: click.Context, note_id: int) -> None:
    """Delete note NOTE_ID (an id from `list`)."""
    _store(ctx).remove(note_id)
    click.echo(f"deleted note {note_id}", err=True)


@cli.command("import", context_settings=CONTEXT)
@click.pass_context
def import_notes(ctx: click.Context) -> None:
    """Add one note per stdin line, in one transaction at end of input.

    Ctrl-C before the end of input saves nothing.
    """
    store = _store(ctx)
    click.echo("reading notes from stdin, one per line; Ctrl-D saves", err=True)
    lines = [line for line in read_text(sys.stdin).splitlines() if line.strip()]
    for note_id in store.add_many(lines):
        click.echo(note_id)
    click.echo(f"imported {len(lines)} notes", err=True)


def _invoke(argv: Sequence[str] | None) -> int:
    """Run the click group without its standalone error handling, which exits 1 on Ctrl-C."""
    try:
        result = cli.main(args=argv, prog_name=PROG, standalone_mode=False)
    except click.Abort as exc:
        # Non-standalone click turns KeyboardInterrupt into Abort; give it back to run_cli.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            raise exc.__cause__ from None
        click.echo(f"{PROG}: error: aborted", err=True)
        return ExitCode.FAILURE
    except click.ClickException as exc:
        exc.show()  # a UsageError prints usage + the problem to stderr
        return exc.exit_code  # 2 for usage errors, 1 for other click errors
    # --help and other explicit exits come back as an int; a finished command returns None.
    return result if isinstance(result, int) else ExitCode.OK


def main(argv: Sequence[str] | None = None) -> NoReturn:
    exit_with(run_cli(PROG, lambda: _invoke(argv)))
