"""The mistake this lesson exists to prevent: a SIGTERM handler that "cleans up" and exits.

It looks responsible: on SIGTERM, close the database and exit 0. But uvicorn already owns
SIGTERM, and its handler is the one that stops accepting connections, waits for in-flight
requests, then runs the lifespan shutdown. Replacing it means:

- `sys.exit(0)` raises `SystemExit` inside the event loop: `asyncio.run()` cancels every
  task, so each in-flight request is dropped without a response;
- the lifespan shutdown never runs (whatever it flushes is lost);
- the process still exits 0, so nothing in your dashboards says anything went wrong.

Do not copy this. The fix is to not install it: close resources after the lifespan's
`yield` and let the server decide when that is.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from httpserver._store import NoteStore


def install_eager_exit(store: NoteStore) -> None:
    """Replace uvicorn's SIGTERM handler with one that closes `store` and exits at once."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        store.close()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_sigterm)
