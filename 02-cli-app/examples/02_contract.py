"""Run both installed console scripts through the exit-code contract and print a table.

Run: uv run python examples/02_contract.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent  # console scripts live next to the venv's python
CASES: list[tuple[str, list[str]]] = [
    ("success", ["add", "hello"]),
    ("runtime error", ["show", "999"]),
    ("unknown flag", ["list", "--bogus"]),
    ("invalid argument", ["show", "abc"]),
    ("missing argument", ["show"]),
    ("help", ["show", "-h"]),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NOTES_DB": str(Path(tmp) / "notes.sqlite3")}
        print(f"{'case':<17} {'script':<15} exit  stdout  stderr")
        for case, args in CASES:
            for script in ("notes", "notes-argparse"):
                done = subprocess.run(
                    [BIN / script, *args], capture_output=True, text=True, env=env, timeout=30
                )
                out = "yes" if done.stdout else "-"
                err = f"{len(done.stderr.splitlines())} lines" if done.stderr else "-"
                print(f"{case:<17} {script:<15} {done.returncode:<5} {out:<7} {err}")


if __name__ == "__main__":
    main()
