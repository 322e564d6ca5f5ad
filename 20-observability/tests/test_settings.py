"""Where the shop's Redis is: SHOPWATCH_REDIS_URL, else the course-wide COURSE_REDIS_URL, else
compose's default (the same precedence as lessons 12 and 16)."""

from __future__ import annotations

import pytest

from shopwatch.settings import Settings, load_settings

DEFAULT = "redis://127.0.0.1:6379/0"
COURSE = "redis://127.0.0.1:6379/5"
OWN = "redis://127.0.0.1:6379/7"


@pytest.fixture(autouse=True)
def no_redis_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets COURSE_REDIS_URL: each test starts from neither variable."""
    monkeypatch.delenv("SHOPWATCH_REDIS_URL", raising=False)
    monkeypatch.delenv("COURSE_REDIS_URL", raising=False)


def test_the_lesson_variable_beats_the_course_variable_which_beats_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().redis_url == DEFAULT
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    assert load_settings().redis_url == COURSE
    monkeypatch.setenv("SHOPWATCH_REDIS_URL", OWN)
    assert load_settings().redis_url == OWN


def test_an_empty_lesson_variable_falls_back_to_the_course_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`env_ignore_empty`: `SHOPWATCH_REDIS_URL=` means unset, as for every SHOPWATCH_* one."""
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    monkeypatch.setenv("SHOPWATCH_REDIS_URL", "")
    assert load_settings().redis_url == COURSE


def test_a_keyword_argument_beats_both_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    monkeypatch.setenv("SHOPWATCH_REDIS_URL", OWN)
    assert Settings(redis_url=DEFAULT).redis_url == DEFAULT
