"""Errors raised by the workers package.

WorkersError                 catch this to handle anything this package raises
 +-- PoolClosedError         submit() after close(): the item was NOT accepted
"""

from __future__ import annotations


class WorkersError(Exception):
    """Base class of every error this package raises.

    Catch it at the edge of your program::

        try:
            await pool.submit(job)
        except WorkersError:
            ...
    """


class PoolClosedError(WorkersError):
    """The pool was closed, so it refused a new item (nothing was queued)."""
