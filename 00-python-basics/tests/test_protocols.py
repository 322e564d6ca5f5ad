"""Protocols: structural typing checked by mypy; what runtime_checkable really checks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from basics import EmailNotifier, Notifier, SmsNotifier, broadcast
from tests.conftest import DATA, MypyRun, expected_lines


def test_broadcast_uses_any_class_with_the_right_send_no_inheritance() -> None:
    email, sms = EmailNotifier(sender="noreply@example.com"), SmsNotifier()
    assert Notifier not in type(email).__mro__
    assert broadcast([email, sms], "ada@example.com", "hi") == 1
    assert broadcast([email, sms], "+15550100", "x" * 200) == 1
    assert email.outbox == [("ada@example.com", "hi")]
    assert sms.outbox == [("+15550100", "x" * 160)]


def test_mypy_rejects_a_class_whose_send_has_the_wrong_signature(mypy_on_data: MypyRun) -> None:
    errors = mypy_on_data.in_file("wrong_notifier.py")
    assert mypy_on_data.returncode == 1
    assert {(e.line, e.code) for e in errors} == {
        (line, "assignment") for line in expected_lines("wrong_notifier.py", "assignment")
    } | {(line, "arg-type") for line in expected_lines("wrong_notifier.py", "arg-type")}


def test_mypy_accepts_the_same_class_with_the_right_signature(mypy_on_data: MypyRun) -> None:
    assert mypy_on_data.in_file("right_notifier.py") == []


def _load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runtime_checkable_accepts_what_mypy_rejects() -> None:
    """isinstance() sees an attribute named `send`; it never looks at the signature."""
    wrong = _load(DATA / "wrong_notifier.py")
    pager = wrong.PagerNotifier()  # type: ignore[attr-defined]  # module loaded by path
    assert isinstance(pager, Notifier)
    with pytest.raises(TypeError):
        broadcast([pager], "ops", "disk full")


def test_runtime_checkable_only_checks_that_the_attribute_exists_and_is_not_none() -> None:
    class NotAMethod:
        send = "a string"

    class AsyncSend:
        async def send(self, recipient: str, message: str) -> bool:
            return True

    class SendIsNone:
        send = None

    assert isinstance(NotAMethod(), Notifier)
    assert isinstance(AsyncSend(), Notifier)  # send() would return a coroutine, not a bool
    assert not isinstance(SendIsNone(), Notifier)
    assert not isinstance(object(), Notifier)
