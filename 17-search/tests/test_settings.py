"""Settings come from SHOPSEARCH_* variables through pydantic-settings (lesson 03's pattern):
the URLs fall back to the course-wide COURSE_* ones, and every bad variable is named."""

from __future__ import annotations

import pytest

from shopsearch import ConfigError, load_settings

COURSE_URL = "postgresql://course:course@127.0.0.1:5432/course_wide"
OWN_URL = "postgresql://course:course@127.0.0.1:5432/shopsearch_own"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets the COURSE_* variables: each test starts from none of the ones read here."""
    for name in ("POSTGRES_URL", "ELASTICSEARCH_URL", "SCHEMA", "ALIAS"):
        monkeypatch.delenv(f"SHOPSEARCH_{name}", raising=False)
        monkeypatch.delenv(f"COURSE_{name}", raising=False)


def test_the_lesson_variable_beats_the_course_variable_which_beats_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().postgres_url == "postgresql://course:course@127.0.0.1:5432/course"
    monkeypatch.setenv("COURSE_POSTGRES_URL", COURSE_URL)
    assert load_settings().postgres_url == COURSE_URL
    monkeypatch.setenv("SHOPSEARCH_POSTGRES_URL", OWN_URL)
    assert load_settings().postgres_url == OWN_URL


def test_an_empty_elasticsearch_url_means_postgres_is_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COURSE_ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    monkeypatch.setenv("SHOPSEARCH_ELASTICSEARCH_URL", "")
    assert load_settings().elasticsearch_url == ""


def test_every_bad_variable_is_named_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPSEARCH_SCHEMA", "public; DROP TABLE x")
    monkeypatch.setenv("SHOPSEARCH_ALIAS", "Products")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    named = [problem.split(":")[0] for problem in caught.value.problems]
    assert named == ["SHOPSEARCH_SCHEMA", "SHOPSEARCH_ALIAS"]
    assert "DROP TABLE" not in str(caught.value)
