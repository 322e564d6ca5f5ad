"""Settings from a mapping: a dict in tests, os.environ in production. No monkeypatch needed."""

from __future__ import annotations

import pytest

from latefees import ConfigError, load_settings

GOOD = {
    "LATEFEES_DATABASE_URL": "postgresql://course:course@127.0.0.1:5432/course",
    "LATEFEES_NOTIFY_URL": "http://127.0.0.1:9000/notices",
}


def test_defaults_apply() -> None:
    assert load_settings(GOOD).policy.grace_days == 3


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        pytest.param("LATEFEES_DATABASE_URL", "sqlite:///x.db", id="not-postgres"),
        pytest.param("LATEFEES_NOTIFY_URL", "ftp://x", id="not-http"),
        pytest.param("LATEFEES_GRACE_DAYS", "-1", id="negative-grace"),
        pytest.param("LATEFEES_GRACE_DAYS", "three", id="grace-not-a-number"),
    ],
)
def test_a_bad_value_is_named(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, variable: value})
    assert [p.split(":")[0] for p in caught.value.problems] == [variable]


def test_monkeypatch_for_code_that_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where code reads os.environ itself, monkeypatch sets and restores it for one test."""
    import os

    monkeypatch.setenv("LATEFEES_GRACE_DAYS", "7")
    monkeypatch.delenv("LATEFEES_NOTIFY_URL", raising=False)
    with pytest.raises(ConfigError) as caught:
        load_settings(os.environ)
    assert "LATEFEES_NOTIFY_URL" in [p.split(":")[0] for p in caught.value.problems]


def test_a_variable_the_mapping_lacks_is_not_read_from_os_environ(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dict is the whole environment: pydantic-settings' own os.environ source is off."""
    monkeypatch.setenv("LATEFEES_GRACE_DAYS", "7")
    assert load_settings(GOOD).policy.grace_days == 3
    assert load_settings({**GOOD, "LATEFEES_GRACE_DAYS": "7"}).policy.grace_days == 7
