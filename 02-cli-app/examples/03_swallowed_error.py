"""BROKEN ON PURPOSE: a command that catches the error, prints it, and returns.

The message is there, so it looks handled. But the process exits 0, so `&&` carries on:

    uv run python examples/03_swallowed_error.py --db x.sqlite3 rm 999 && echo deploying

Compare `uv run notes --db x.sqlite3 rm 999 && echo deploying`, which exits 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from notes_cli import NotesError, NoteStore


@click.group()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_context
def cli(ctx: click.Context, db: Path) -> None:
    ctx.obj = db


@cli.command()
@click.argument("note_id", type=int)
@click.pass_context
def rm(ctx: click.Context, note_id: int) -> None:
    try:
        with NoteStore(ctx.obj) as store:
            store.remove(note_id)
    except NotesError as exc:
        click.echo(f"error: {exc}")  # the bug: message (on stdout, too), then a normal return
        return


if __name__ == "__main__":
    cli()
