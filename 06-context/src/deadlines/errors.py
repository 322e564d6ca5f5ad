"""The lesson's exceptions, all in one place.

    TimeoutError                    (builtin: what asyncio.timeout raises, what callers catch)
     └── DeadlineExceeded           the request's budget ran out
          ├── DependencyTimeout     a remote dependency did not answer within its share
          └── QueryTimeout          the database engine aborted a statement at the deadline
    Exception
     └── OperationCancelled         sync code noticed its CancelToken and stopped early

DeadlineExceeded subclasses the builtin TimeoutError on purpose: code that already handles
`except TimeoutError` (the asyncio way) keeps working, and code that wants to know *which*
budget ran out catches the narrower type. The original error is always the `__cause__`.
"""

from __future__ import annotations

__all__ = ["DeadlineExceeded", "DependencyTimeout", "OperationCancelled", "QueryTimeout"]


class DeadlineExceeded(TimeoutError):
    """The time budget for this piece of work is spent.

    Catch it (or plain TimeoutError) at the edge and map it to a status code::

        try:
            body = await handle(request, Deadline.after(2.0))
        except DeadlineExceeded:
            return 504
    """


class DependencyTimeout(DeadlineExceeded):
    """A dependency (a socket, an HTTP service) did not answer in time."""

    def __init__(self, dependency: str, budget: float) -> None:
        super().__init__(f"{dependency} did not answer within {budget:.3f} s")
        self.dependency = dependency
        self.budget = budget


class QueryTimeout(DeadlineExceeded):
    """The database aborted a statement because the deadline passed (or it was interrupted)."""


class OperationCancelled(Exception):
    """Raised inside synchronous code that saw its CancelToken set.

    It is an Exception, not asyncio.CancelledError: a worker thread is not a task, and the
    async wrapper (`run_cancellable`) turns the thread's early exit back into the caller's
    own cancellation.
    """
