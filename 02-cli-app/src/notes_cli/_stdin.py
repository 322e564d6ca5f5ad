"""Read all of stdin so that Ctrl-C always interrupts, even when it lands just before a read.

`sys.stdin.read()` has a race: Python's C-level SIGINT handler only sets a flag, checked
between bytecodes. A signal that arrives after the last check and before read(2) starts is
noticed only when the read returns, which may be never. `signal.set_wakeup_fd` is Python's
fix: the C handler also writes a byte to a pipe, and select() waits on stdin *and* that pipe.
"""

from __future__ import annotations

import io
import os
import select
import signal
from typing import TextIO


def read_text(stream: TextIO) -> str:
    """All of `stream` until end of input, decoded with its encoding."""
    try:
        fd = stream.fileno()
    except (OSError, io.UnsupportedOperation):
        return stream.read()  # an in-memory stream (click's CliRunner) never waits
    wakeup, wakeup_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    previous = signal.set_wakeup_fd(wakeup_write, warn_on_full_buffer=False)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([fd, wakeup], [], [])
            # A pending KeyboardInterrupt is raised here, on the first bytecode after select().
            if wakeup in ready:
                os.read(wakeup, 512)  # another signal's byte: nothing to do for it here
            if fd in ready:
                if not (chunk := os.read(fd, 65536)):
                    break
                chunks.append(chunk)
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wakeup)
        os.close(wakeup_write)
    return b"".join(chunks).decode(stream.encoding or "utf-8", stream.errors or "strict")
