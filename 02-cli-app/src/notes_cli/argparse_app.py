"""Version 1: the notes tool with argparse, the standard library's Go `flag` (plus subcommands).

Installed as the `notes-argparse` console script (see [project.scripts] in pyproject.toml).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from notes_cli._edge import ExitCode, exit_with, run_cli
from notes_cli._paths import ENV_VAR, default_db_path, prepare
from notes_cli._stdin import read_text
from notes_cli._store import NoteStore

PROG = "notes-argparse"


def positive_int(raw: str) -> int:
    """An argparse `type=`: a ValueError/ArgumentTypeError here becomes a usage error (exit 2)."""
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


class NoteText(argparse.Action):
    """Join the words of a note. A blank note is a usage error (exit 2), like a bad number."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        text = " ".join(values or ())
        if not text.strip():
            raise argparse.ArgumentError(self, "a note needs some text")
        setattr(namespace, self.dest, text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Keep short notes in a SQLite file. Data goes to stdout, messages to stderr.",
        epilog="Exit codes: 0 ok, 1 runtime error, 2 usage error, 130 interrupted.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"SQLite file to use (default: ${ENV_VAR}, else ~/.local/share/notes-cli/...)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="add a note and print its id", description="Add a note.")
    add.add_argument(
        "text", nargs="+", action=NoteText, help="the note text (several words are joined)"
    )

    list_ = commands.add_parser(
        "list", help="print notes, one per line", description="Print notes, oldest first."
    )
    list_.add_argument("--limit", type=positive_int, help="print at most this many notes")
    list_.add_argument(
        "--format",
        choices=["tsv", "json"],
        default="tsv",
        help="tsv: id<TAB>text; json: one JSON object per line (default: tsv)",
    )

    show = commands.add_parser(
        "show", help="print one note's text", description="Print the text of note NOTE_ID."
    )
    show.add_argument("note_id", type=positive_int, metavar="NOTE_ID", help="id from `list`")

    rm = commands.add_parser("rm", help="delete a note", description="Delete note NOTE_ID.")
    rm.add_argument("note_id", type=positive_int, metavar="NOTE_ID", help="id from `list`")

    commands.add_parser(
        "import",
        help="add one note per stdin line, all or nothing",
        description="Read notes from stdin, one per line, and save them in one transaction "
        "at end of input. Ctrl-C before then saves nothing.",
    )
    return parser


def execute(args: argparse.Namespace) -> int:
    db = prepare(args.db if args.db is not None else default_db_path())
    with NoteStore(db) as store:
        match args.command:
            case "add":
                print(store.add(args.text))
            case "list":
                for note in store.iter_notes(args.limit):
                    if args.format == "json":
                        print(json.dumps({"id": note.id, "text": note.text}))
                    else:
                        print(f"{note.id}\t{note.text}")
            case "show":
                print(store.get(args.note_id).text)
            case "rm":
                store.remove(args.note_id)
                print(f"deleted note {args.note_id}", file=sys.stderr)
            case "import":
                print("reading notes from stdin, one per line; Ctrl-D saves", file=sys.stderr)
                sys.stderr.flush()
                lines = [line for line in read_text(sys.stdin).splitlines() if line.strip()]
                for note_id in store.add_many(lines):
                    print(note_id)
                print(f"imported {len(lines)} notes", file=sys.stderr)
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> NoReturn:
    # parse_args exits 2 with usage on stderr by itself; -h/--help exits 0 with help on stdout.
    exit_with(run_cli(PROG, lambda: execute(build_parser().parse_args(argv))))
