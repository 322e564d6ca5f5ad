"""The one place where exceptions become exit codes, shared by both command-line front ends.

The contract (what scripts and shells may rely on):

    0    success; data on stdout
    1    runtime error: one line on stderr, nothing half-written on stdout
         (also: the reader of our stdout went away, e.g. `notes list | head -1`; silent)
    2    usage error: usage and the problem on stderr, nothing on stdout
         (argparse and click produce this themselves, before the core runs)
    130  interrupted by Ctrl-C (SIGINT): no traceback, nothing committed
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import IntEnum

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
