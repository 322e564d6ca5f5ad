"""Run the installed console scripts as real processes: the way a shell or a CI job does."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

HERE = Path(__file__).parent
LESSON = HERE.parent
EXAMPLES = LESSON / "examples"
BIN = Path(sys.executable).parent  # the venv's bin/, where [project.scripts] are installed
SCRIPTS = ("notes", "notes-argparse")
DEADLINE = 20.0  # bounds a hang; never a speed measurement


def script_path(name: str) -> Path:
    path = BIN / name
    assert path.exists(), f"{name} is not installed in {BIN}; run `uv sync`"
    return path


def env_with_db(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DB"}
    env["NOTES_DB"] = str(db)
    return env


def run(
    command: Sequence[str | Path], db: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        input=stdin,
        capture_output=True,
        text=True,
        env=env_with_db(db),
        timeout=DEADLINE,
    )


def shell(command: str, db: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` through /bin/sh, as a Makefile or a CI step would."""
    return subprocess.run(
        command,
        shell=True,
        capture_output=True,
        text=True,
        env=env_with_db(db),
        timeout=DEADLINE,
    )


def seed(db: Path, count: int) -> None:
    """Enough notes that `list` prints more than a pipe buffer (64 KiB on Linux)."""
    from notes_cli import NoteStore

    with NoteStore(db) as store:
        store.add_many(f"note number {n} with some padding text" for n in range(count))


class LineReader(threading.Thread):
    """Drain a pipe in the background and signal when the first line has arrived."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []
        self.first_line = threading.Event()

    def run(self) -> None:
        try:
            for line in self.stream:
                self.lines.append(line)
                self.first_line.set()
        finally:
            self.first_line.set()  # EOF: wake the waiter, who will see no lines

    @property
    def text(self) -> str:
        return "".join(self.lines)
