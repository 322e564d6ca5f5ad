"""The one place where exceptions become exit codes, shared by both command-line front ends.

The contract (what scripts and shells may rely on):

    0    success; data on stdout
    1    runtime error: one line on stderr, nothing half-written on stdout
         (also: the reader of our stdout went away, e.g. `notes list | head -1`; silent)
    2    usage error: usage and the problem on stderr, nothing on stdout
         (argparse and click produce this themselves, before the core runs)
    130  interrupted by Ctrl-C (SIGINT): no traceback, nothing committed. The process ends
         *by SIGINT* (the shell shows 130, subprocess shows -2), as an unhandled Ctrl-C does:
         a calling shell script only stops too when its child died of the signal.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from enum import IntEnum
from typing import NoReturn

from notes_cli.errors import NotesError


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    INTERRUPTED = 130  # 128 + SIGNAL 2, what a shell reports for a process killed by Ctrl-C


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the flush at interpreter exit cannot fail again.

    This is the recipe from the Python docs ("Note on SIGPIPE", signal module): the data still
    buffered in sys.stdout has nowhere to go, and without this Python would try to flush it at
    shutdown and print "Exception ignored ... BrokenPipeError".
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def run_cli(prog: str, body: Callable[[], int]) -> int:
    """Run a command's body and map what escapes it to the exit-code contract."""
    try:
        code = body()
        # Flush here, inside the try: a broken pipe surfaces now, not at interpreter exit.
        sys.stdout.flush()
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.FAILURE
    except NotesError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return ExitCode.FAILURE
    return code


def exit_with(code: int) -> NoReturn:
    """End the process with `code`; for INTERRUPTED, die of SIGINT instead of exiting 130.

    A shell running `notes import; next-step` also receives the Ctrl-C, then waits for its
    child. If the child *exits* 130, the shell assumes the child handled the signal and runs
    `next-step`; only a child killed by SIGINT makes the shell stop as well. CPython does the
    same for an unhandled KeyboardInterrupt (3.8+), minus the traceback.
    """
    if code == ExitCode.INTERRUPTED:
        for stream in (sys.stdout, sys.stderr):  # the kill skips the interpreter's own flush
            with suppress(OSError, ValueError):
                stream.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    sys.exit(code)  # also the fallback, should SIGINT be blocked
