"""Correct: the same shape as wrong_notifier.py with the right signature; mypy accepts it."""

from __future__ import annotations

from basics import Notifier, broadcast


class PagerNotifier:
    def send(self, recipient: str, message: str) -> bool:
        return bool(recipient and message)


def main() -> None:
    pager: Notifier = PagerNotifier()
    broadcast([pager], "ops", "disk full")
    single: list[PagerNotifier] = [PagerNotifier()]
    broadcast(single, "ops", "disk full")
