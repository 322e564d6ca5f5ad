"""The dependency from hell: a TCP port that accepts connections and never answers.

It is what a hung upstream looks like from the client: the connect succeeds, the request is
sent, and then nothing, forever. No timeout in the client means no end.

It is a listening socket that never calls accept(): the kernel completes the TCP handshake
and buffers what the client sends, so the client cannot tell it from a stuck server. With
no accepted connections there is nothing to clean up but the socket itself.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

__all__ = ["blackhole"]


@contextlib.contextmanager
def blackhole(backlog: int = 64) -> Iterator[tuple[str, int]]:
    """Listen on 127.0.0.1 on a free port and yield (host, port); close it on exit."""
    with socket.create_server(("127.0.0.1", 0), backlog=backlog) as listener:
        host, port = listener.getsockname()[:2]
        yield host, port
