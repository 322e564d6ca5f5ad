"""The tempting one-liner fix, `signal(SIGPIPE, SIG_DFL)`, and what it costs.

    uv run python examples/05_sigpipe_default.py | head -1

No traceback: the kernel kills the process on the first write to the closed pipe. But it
kills it *immediately*: the `finally` below (your rollback, temp-file cleanup, lock release,
final log line) never runs, and the shell sees 141 (128 + SIGPIPE 13), not an exit code.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        for number in range(1, 200_001):  # more than a pipe buffer, so head leaves early
            print(f"line {number}")
        sys.stdout.flush()
    finally:
        print("cleanup ran", file=sys.stderr)


if __name__ == "__main__":
    main()
