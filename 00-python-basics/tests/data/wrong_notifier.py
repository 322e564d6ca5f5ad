"""Wrong on purpose: mypy must reject this file (tests/test_protocols.py runs it).

Excluded from the main `uv run mypy` run by `exclude` in pyproject.toml.
"""

from __future__ import annotations

from basics import Notifier, broadcast


class PagerNotifier:
    """Has a `send`, so it looks like a Notifier; the signature is wrong (no message)."""

    def send(self, recipient: str) -> bool:
        return bool(recipient)


def main() -> None:
    pager: Notifier = PagerNotifier()  # expect: assignment
    broadcast([pager], "ops", "disk full")
    single: list[PagerNotifier] = [PagerNotifier()]
    broadcast(single, "ops", "disk full")  # expect: arg-type
