"""Explicit defaults, None vs a sentinel, default_factory."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from basics import DEFAULT_TIMEOUT, MISSING, User, patch_user, resolve_timeout

ADA = User(1, "ada", email="ada@example.com")


def test_patch_without_email_keeps_the_email() -> None:
    patched = patch_user(ADA, nickname="countess")
    assert (patched.nickname, patched.email) == ("countess", "ada@example.com")
    assert ADA.nickname == "ada"  # the original is untouched: patch returns a new User


def test_patch_with_email_none_clears_the_email() -> None:
    assert patch_user(ADA, email=None).email is None
    assert patch_user(ADA).email == "ada@example.com"


def test_the_sentinel_is_not_none_and_is_a_single_object() -> None:
    assert MISSING is not None
    assert not isinstance(MISSING, str)
    assert patch_user(ADA, nickname=MISSING) == ADA


def test_default_factory_builds_a_new_list_per_instance() -> None:
    first, second = User(2, "bob"), User(3, "eve")
    first.tags.append("beta")
    assert second.tags == []
    assert first.tags is not second.tags


def test_dataclass_refuses_a_mutable_default_at_class_creation() -> None:
    with pytest.raises(ValueError, match="default_factory"):

        @dataclass
        class Request:
            headers: list[str] = []  # noqa: RUF008  # what the test proves dataclass refuses

    @dataclass
    class FixedRequest:
        headers: list[str] = field(default_factory=list)

    assert FixedRequest().headers is not FixedRequest().headers


def test_dataclass_does_not_catch_a_hashable_mutable_default() -> None:
    """The check is `__hash__ is None`; a plain class instance passes and is shared."""

    class Bucket:
        def __init__(self) -> None:
            self.items: list[str] = []

    @dataclass
    class Request:
        bucket: Bucket = Bucket()  # noqa: RUF009  # the shared default the test demonstrates

    first, second = Request(), Request()
    first.bucket.items.append("leak")
    assert second.bucket.items == ["leak"]


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(None, DEFAULT_TIMEOUT), (0.0, 0.0), (2.5, 2.5)],
)
def test_resolve_timeout_treats_only_none_as_not_given(
    requested: float | None, expected: float
) -> None:
    assert resolve_timeout(requested) == expected
