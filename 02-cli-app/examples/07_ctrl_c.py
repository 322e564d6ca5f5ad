"""Press Ctrl-C for real, on each entry point, and print what a caller would see.

Run: uv run python examples/07_ctrl_c.py

Each tool runs `import`, which prints a "reading notes from stdin" line to stderr before it
blocks reading stdin. We wait for that line (so the signal cannot arrive during start-up),
send SIGINT as a terminal would, and report the exit code and whether a traceback appeared.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
HERE = Path(__file__).parent
# Short sleeps, not sys.stdin.read(): a read can miss a SIGINT that lands just before it starts
# (src/notes_cli/_stdin.py), and the point of this row is the traceback, not that race.
NAIVE = (
    "import sys, time; print('waiting', file=sys.stderr, flush=True)\nwhile True: time.sleep(0.05)"
)
ENTRY_POINTS = {
    "notes": [str(BIN / "notes")],
    "notes-argparse": [str(BIN / "notes-argparse")],
    "click standalone": [sys.executable, str(HERE / "06_click_standalone.py")],
    # No handling at all: Python's default SIGINT handler raises KeyboardInterrupt, nothing
    # catches it, and the interpreter re-kills itself with SIGINT (exit -2, shell shows 130).
    "unhandled": [sys.executable, "-c", NAIVE],
}


def interrupt(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    with subprocess.Popen(
        [*command, "import"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        assert proc.stderr is not None
        ready = proc.stderr.readline()  # blocks until the tool is reading stdin
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)  # stdin stays open: only the signal can end it
        return code, ready + proc.stderr.read()


def main() -> None:
    # A shell starts background jobs with SIGINT ignored, and children inherit "ignored";
    # install the default handler so the tools we start can be interrupted at all.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NOTES_DB": str(Path(tmp) / "notes.sqlite3")}
        for name, command in ENTRY_POINTS.items():
            code, stderr = interrupt(command, env)
            last = stderr.strip().splitlines()[-1]
            traceback = "yes" if "Traceback" in stderr else "no"
            print(f"{name:<17} exit={code:<4} traceback={traceback:<4} last stderr line: {last}")


if __name__ == "__main__":
    main()
