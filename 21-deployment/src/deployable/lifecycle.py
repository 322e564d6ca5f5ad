"""The process's place in its life: starting, serving, draining. Readiness reads it."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("deployable")


class Lifecycle:
    """Set once by the server when shutdown starts; read by /readyz on every probe."""

    def __init__(self) -> None:
        self._draining = threading.Event()

    @property
    def draining(self) -> bool:
        return self._draining.is_set()

    def start_draining(self) -> None:
        if not self._draining.is_set():
            self._draining.set()
            log.info("shutdown started: /readyz now answers 503")
