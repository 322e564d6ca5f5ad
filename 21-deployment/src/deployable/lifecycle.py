"""The process's place in its life: serving or draining. Readiness reads it."""

from __future__ import annotations


class Lifecycle:
    """Set once by the server when shutdown starts; read by /readyz on every probe.

    A plain attribute, not a lock or an Event: it is set from a signal handler, which may
    interrupt the main thread anywhere, even while it holds a lock.
    """

    def __init__(self) -> None:
        self._draining = False

    @property
    def draining(self) -> bool:
        return self._draining

    def start_draining(self) -> None:
        self._draining = True
