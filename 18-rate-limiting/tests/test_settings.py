"""Where the limiter's Redis is: THROTTLE_REDIS_URL, else the course-wide COURSE_REDIS_URL,
else compose's default (the same precedence as lessons 12 and 16)."""

from __future__ import annotations

import pytest

from tests.conftest import SECRET
from throttle import Settings

DEFAULT = "redis://127.0.0.1:6379/0"
COURSE = "redis://127.0.0.1:6379/5"
OWN = "redis://127.0.0.1:6379/7"


@pytest.fixture(autouse=True)
def no_redis_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets COURSE_REDIS_URL: each test starts from neither variable."""
    monkeypatch.delenv("THROTTLE_REDIS_URL", raising=False)
    monkeypatch.delenv("COURSE_REDIS_URL", raising=False)


def test_the_lesson_variable_beats_the_course_variable_which_beats_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings(token_secret=SECRET).redis_url == DEFAULT
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    assert Settings(token_secret=SECRET).redis_url == COURSE
    monkeypatch.setenv("THROTTLE_REDIS_URL", OWN)
    assert Settings(token_secret=SECRET).redis_url == OWN


def test_an_empty_lesson_variable_falls_back_to_the_course_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`env_ignore_empty`: `THROTTLE_REDIS_URL=` means unset, as for every THROTTLE_* variable."""
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    monkeypatch.setenv("THROTTLE_REDIS_URL", "")
    assert Settings(token_secret=SECRET).redis_url == COURSE


def test_a_keyword_argument_beats_both_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_REDIS_URL", COURSE)
    monkeypatch.setenv("THROTTLE_REDIS_URL", OWN)
    assert Settings(token_secret=SECRET, redis_url=DEFAULT).redis_url == DEFAULT
