"""Settings from ROUTING_* variables: parsed once, with errors that name the variable."""

from __future__ import annotations

import pytest

from routing import Settings


def test_defaults_without_any_variable() -> None:
    assert Settings.from_env({}) == Settings()


def test_keys_are_owner_colon_key_pairs() -> None:
    settings = Settings.from_env({"ROUTING_API_KEYS": "alice:k-1, bob:k-2"})
    assert dict(settings.api_keys) == {"k-1": "alice", "k-2": "bob"}


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "ROUTING_KEY_ITERATIONS": "10",
            "ROUTING_RATE_CAPACITY": "3",
            "ROUTING_RATE_PER_SECOND": "0.5",
            "ROUTING_CORS_ORIGINS": "https://a.example, https://b.example",
            "ROUTING_AUTH_MODE": "dependency",
        }
    )
    assert (settings.key_iterations, settings.rate_capacity, settings.rate_per_second) == (
        10,
        3,
        0.5,
    )
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.auth_mode == "dependency"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ROUTING_API_KEYS": "just-a-key"}, "ROUTING_API_KEYS"),
        ({"ROUTING_RATE_CAPACITY": "many"}, "ROUTING_RATE_CAPACITY"),
        ({"ROUTING_RATE_PER_SECOND": "0"}, "ROUTING_RATE_PER_SECOND"),
        ({"ROUTING_RATE_PER_SECOND": "nan"}, "ROUTING_RATE_PER_SECOND"),  # would disable it
        ({"ROUTING_RATE_PER_SECOND": "inf"}, "ROUTING_RATE_PER_SECOND"),
        ({"ROUTING_RATE_PER_SECOND": "1e999"}, "ROUTING_RATE_PER_SECOND"),  # inf, spelled out
        ({"ROUTING_AUTH_MODE": "both"}, "ROUTING_AUTH_MODE"),
    ],
)
def test_a_bad_value_is_an_error_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Settings.from_env(env)
