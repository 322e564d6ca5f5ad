"""Read stdin so that Ctrl-C always interrupts, even when it lands between two reads.

`for line in sys.stdin` has a race. Python's C-level SIGINT handler only sets a flag; the
KeyboardInterrupt is raised later, between two bytecodes. If the signal arrives while the io
module is in C code, after it last looked at that flag and before it calls read(2), the read
blocks with the signal already "handled": the KeyboardInterrupt waits until the next line
arrives, which may be never. Under a real SIGINT the tests saw this in a few percent of runs.

The fix is the self-pipe trick, built into Python as `signal.set_wakeup_fd`: the C handler also
writes a byte to a pipe, and we wait with poll() on stdin *and* that pipe. A signal that comes
before poll() leaves the pipe readable, so poll() returns at once and the KeyboardInterrupt is
raised at the next bytecode. POSIX only (poll() and non-blocking pipes), like this course.
"""

from __future__ import annotations

import codecs
import io
import os
import selectors
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO


@contextmanager
def _signal_wakeup_pipe() -> Iterator[int]:
    """A pipe that becomes readable whenever any signal with a Python handler arrives."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    try:
        yield read_end
    finally:
        signal.set_wakeup_fd(previous)
        os.close(read_end)
        os.close(write_end)


def read_lines(stream: TextIO) -> Iterator[str]:
    """Yield the lines of `stream` (with their newline), decoded with its encoding.

    Reads the file descriptor directly, so call it before anything else reads from `stream`.
    """
    try:
        fd = stream.fileno()
    except (OSError, io.UnsupportedOperation):
        # An in-memory stream (click's CliRunner, io.StringIO) cannot be interrupted by a
        # signal while it waits, because it never waits.
        yield from stream
        return
    decoder = codecs.getincrementaldecoder(stream.encoding or "utf-8")(stream.errors or "strict")
    pending = ""
    # PollSelector, not the default epoll: epoll refuses regular files (`notes import < f`).
    with _signal_wakeup_pipe() as wakeup, selectors.PollSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        selector.register(wakeup, selectors.EVENT_READ)
        while True:
            ready = {key.fd for key, _ in selector.select()}
            # A pending KeyboardInterrupt is raised here, at the first bytecode after select().
            if wakeup in ready:
                with suppress(BlockingIOError):
                    os.read(wakeup, 4096)
            if fd not in ready:
                continue
            chunk = os.read(fd, 65536)
            pending += decoder.decode(chunk, final=not chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                yield line + "\n"
            if not chunk:
                if pending:
                    yield pending
                return
