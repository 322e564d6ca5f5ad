"""The `notes` command: parse arguments, call the service, map errors to exit codes.

Exit codes, as in the course table: 0 success; 1 the operation failed (unknown id, storage
error), one line on stderr; 2 usage: the command line is wrong (unknown command, an id that
is not a number, a blank note), with the usage on stderr and nothing opened. Never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from notes.bootstrap import DB_ENV, Settings, open_service
from notes.errors import InvalidNote, NoteNotFound, StorageError
from notes.services import Note, NoteService, clean_text

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def note_text(raw: str) -> str:
    """argparse type: the service's own rule, applied before anything is opened."""
    try:
        return clean_text(raw)
    except InvalidNote as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notes", description="Keep short notes in SQLite.")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f'SQLite file, or ":memory:" (default: ${DB_ENV}, else ~/.local/share/notes/)',
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add a note")
    add.add_argument("text", type=note_text, help="the note, quoted if it has spaces")
    listing = commands.add_parser("list", help="list notes, oldest first")
    listing.add_argument("--pending", action="store_true", help="hide notes that are done")
    done = commands.add_parser("done", help="mark a note done")
    done.add_argument("id", type=int, help="the note's id, as `list` shows it")
    return parser


def _show(note: Note) -> str:
    return f"{note.id} [{'x' if note.done else ' '}] {note.text}"


def _run(args: argparse.Namespace, service: NoteService) -> None:
    match args.command:
        case "add":
            note = service.add(args.text)
            print(f"added note {note.id}: {note.text}")
        case "list":
            for note in service.list(include_done=not args.pending):
                print(_show(note))
        case "done":
            note = service.complete(args.id)
            print(f"done note {note.id}: {note.text}")
        case other:  # argparse only lets the subcommands above through
            raise AssertionError(f"unhandled command {other!r}")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a usage error prints usage to stderr and exits 2
    settings = (
        Settings(db=args.db)
        if args.db
        else Settings.from_env(os.environ if environ is None else environ)
    )
    try:
        with open_service(settings) as service:
            _run(args, service)
    except InvalidNote as exc:  # note_text() refuses these first; kept as the mapping's row
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (NoteNotFound, StorageError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
