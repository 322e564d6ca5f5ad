"""Settings from ROUTING_* variables, read once with pydantic-settings: every bad variable is
named, and `routing-serve` exits 78 with no traceback before it binds anything."""

from __future__ import annotations

import os
import subprocess

import pytest

from routing import Settings
from routing._settings import ConfigError, load_settings
from tests.procs import BIN, DEADLINE

EXIT_CONFIG = 78


@pytest.fixture(autouse=True)
def no_routing_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment without any ROUTING_* variable."""
    for name in list(os.environ):
        if name.upper().startswith("ROUTING_"):
            monkeypatch.delenv(name)


def test_defaults_without_any_variable() -> None:
    assert load_settings() == Settings()


def test_keys_are_owner_colon_key_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTING_API_KEYS", "alice:k-1, bob:k-2")
    assert load_settings().api_keys == {"k-1": "alice", "k-2": "bob"}


def test_every_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTING_RATE_CAPACITY", "3")
    monkeypatch.setenv("ROUTING_RATE_PER_SECOND", "0.5")
    monkeypatch.setenv("ROUTING_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("ROUTING_AUTH_MODE", "dependency")
    settings = load_settings()
    assert (settings.rate_capacity, settings.rate_per_second) == (3, 0.5)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.auth_mode == "dependency"


def test_the_keys_never_appear_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTING_API_KEYS", "alice:s3cret-key-value")
    assert "s3cret" not in repr(load_settings())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ROUTING_API_KEYS", "just-a-key"),
        ("ROUTING_RATE_CAPACITY", "many"),
        ("ROUTING_RATE_CAPACITY", "0"),
        ("ROUTING_RATE_PER_SECOND", "0"),
        ("ROUTING_RATE_PER_SECOND", "nan"),  # NaN compares False with everything: no limit
        ("ROUTING_RATE_PER_SECOND", "inf"),
        ("ROUTING_RATE_PER_SECOND", "1e999"),  # inf, spelled out
        ("ROUTING_AUTH_MODE", "both"),
        ("ROUTING_RATE_CAPACTY", "5"),  # a typo would otherwise be ignored
    ],
)
def test_a_bad_variable_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert [problem.split(":")[0] for problem in caught.value.problems] == [name]


def test_a_rejected_key_list_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTING_API_KEYS", "alice:ok-key,s3cret-without-owner")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "s3cret" not in str(caught.value), "a rejected value may be a secret"


def run_serve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "routing-serve"), "--port", "0"],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


def test_serve_names_every_bad_variable_and_exits_78_without_a_traceback() -> None:
    done = run_serve(
        {
            "ROUTING_API_KEYS": "alice:s3cret-key,no-owner",
            "ROUTING_RATE_PER_SECOND": "nan",
            "ROUTING_AUTH_MODE": "both",
        }
    )
    assert done.returncode == EXIT_CONFIG
    lines = done.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "ROUTING_API_KEYS",
        "ROUTING_RATE_PER_SECOND",
        "ROUTING_AUTH_MODE",
    ]
    assert "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr
    assert "Uvicorn running" not in done.stderr, "nothing was bound"
