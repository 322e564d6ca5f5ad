"""Implicit interfaces: ``typing.Protocol``.

A class satisfies a Protocol by having the right methods with the right signatures, exactly as a
Go type satisfies an interface: ``EmailNotifier`` and ``SmsNotifier`` never mention ``Notifier``.
The check happens in mypy, before the code runs. ``@runtime_checkable`` adds an
``isinstance()`` check at run time, and that check is much weaker: it only asks whether the
attributes *exist* (and are not None), never what their signatures are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable


@runtime_checkable
class Notifier(Protocol):
    """Anything that can deliver a message to a recipient; returns whether it was accepted."""

    def send(self, recipient: str, message: str) -> bool: ...


@dataclass(slots=True)
class EmailNotifier:
    """Records what it would send; a real one would talk SMTP."""

    sender: str
    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, recipient: str, message: str) -> bool:
        if "@" not in recipient:
            return False
        self.outbox.append((recipient, message))
        return True


@dataclass(slots=True)
class SmsNotifier:
    """Records what it would send; SMS bodies are cut at 160 characters."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, recipient: str, message: str) -> bool:
        if not recipient.startswith("+"):
            return False
        self.outbox.append((recipient, message[:160]))
        return True


def broadcast(notifiers: Iterable[Notifier], recipient: str, message: str) -> int:
    """Send through every notifier; return how many accepted the message."""
    return sum(1 for notifier in notifiers if notifier.send(recipient, message))


if TYPE_CHECKING:
    # Go's `var _ Notifier = (*EmailNotifier)(nil)`: a compile-time proof, free at run time.
    _email: Notifier = EmailNotifier(sender="noreply@example.com")
    _sms: Notifier = SmsNotifier()
