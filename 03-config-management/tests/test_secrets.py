"""A secret never appears in a repr, a str, a JSON dump, a log line or an error message."""

from __future__ import annotations

import logging

import pytest
from pydantic import (
    BaseModel,
    PostgresDsn,
    SecretStr,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from settings_demo import ConfigError, Settings, load_settings

SECRET = "s3cr3t-signing-key-that-must-never-be-printed"
BASE_URL = "https://files.example.com/"


def loaded() -> Settings:
    return load_settings(
        env_file=None, env="prod", links={"base_url": BASE_URL}, signing_key=SECRET
    )


def test_secret_is_redacted_in_repr_str_and_json_dumps() -> None:
    settings = loaded()

    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert SECRET not in text
        assert "**********" in text
    assert settings.signing_key.get_secret_value() == SECRET  # reachable only on purpose


def test_secret_is_redacted_in_log_records(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    settings = loaded()

    logging.getLogger("signer").info("starting with %r", settings)
    logging.getLogger("signer").info("key is %s", settings.signing_key)

    assert len(caplog.records) == 2
    assert SECRET not in caplog.text


def test_a_rejected_secret_is_not_echoed_in_any_error() -> None:
    """A key that fails validation is still a secret (it may be the real one, one char short)."""
    almost = SECRET[:20]
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file=None, env="prod", links={"base_url": BASE_URL}, signing_key=almost)

    assert caught.value.env_vars == ["SIGNER_SIGNING_KEY"]
    assert almost not in str(caught.value)
    assert almost not in str(caught.value.__cause__)  # hide_input_in_errors=True


class PlainKeyModel(BaseModel):
    """What most code has: a SecretStr field, but default error settings."""

    key: SecretStr

    @field_validator("key")
    @classmethod
    def _long_enough(cls, key: SecretStr) -> SecretStr:
        if len(key.get_secret_value()) < 32:
            raise ValueError("too short")
        return key


def test_pitfall_validation_errors_echo_the_rejected_input_by_default() -> None:
    """SecretStr protects a *valid* value. pydantic's error text shows the raw input."""
    almost = SECRET[:20]
    with pytest.raises(ValidationError) as caught:
        PlainKeyModel(key=almost)

    assert almost in str(caught.value)  # logged as-is, this line leaks the key


def test_pitfall_url_types_print_their_password() -> None:
    """Keep a database password in its own SecretStr field, not inside a DSN string."""
    dsn = TypeAdapter(PostgresDsn).validate_python("postgresql://course:hunter2@db:5432/app")

    assert "hunter2" in repr(dsn)
    assert "hunter2" in str(dsn)
