"""The package's exceptions.

LateFeesError                 catch this to handle anything the package raises on purpose
├── ConfigError               bad LATEFEES_* settings; `.problems` names every one
├── DuplicateInvoice          an invoice with that id exists already
└── NotifyError               the notification service refused or could not be reached
"""

from __future__ import annotations


class LateFeesError(Exception):
    """Base class: `except LateFeesError` handles every error this package raises on purpose."""


class ConfigError(LateFeesError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class DuplicateInvoice(LateFeesError):
    pass


class NotifyError(LateFeesError):
    pass
