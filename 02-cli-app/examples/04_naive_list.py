"""BROKEN ON PURPOSE: `list` with plain print() and nothing around it.

    uv run python examples/04_naive_list.py --db x.sqlite3 | head -1

head exits after one line; the next write hits a closed pipe. Python ignores SIGPIPE, so the
write raises BrokenPipeError, and nobody catches it: a traceback on stderr, exit 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from notes_cli import NoteStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    with NoteStore(args.db) as store:
        for note in store.iter_notes():
            print(f"{note.id}\t{note.text}")


if __name__ == "__main__":
    main()
