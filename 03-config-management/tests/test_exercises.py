"""Exercises from the README. Remove the skip mark of one, make it pass, keep the rest green."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from settings_demo import EXIT_OK, ConfigError, load_settings
from tests.procs import DEADLINE, Launcher, controlled_env

BASE_URL = "https://files.example.com/"
REAL_KEY = "k" * 40


@pytest.mark.skip(reason="exercise 1: accept Go-style durations such as 1m30s and 250ms")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1m30s", timedelta(seconds=90)),
        ("250ms", timedelta(milliseconds=250)),
        ("2h", timedelta(hours=2)),
        ("1h0m5s", timedelta(hours=1, seconds=5)),
        ("PT90S", timedelta(seconds=90)),  # the old forms keep working
        ("90", timedelta(seconds=90)),
    ],
)
def test_exercise_1_go_style_durations(text: str, expected: timedelta) -> None:
    settings = load_settings(env_file=None, links={"base_url": BASE_URL, "ttl": text})

    assert settings.links.ttl == expected


@pytest.mark.skip(reason="exercise 1: accept Go-style durations such as 1m30s and 250ms")
@pytest.mark.parametrize("text", ["1x", "m5", "5 minutes", "-1s", "0s"])
def test_exercise_1_bad_go_style_durations_are_still_refused(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file=None, links={"base_url": BASE_URL, "ttl": text})

    assert caught.value.env_vars == ["SIGNER_LINKS__TTL"]


@pytest.mark.skip(reason="exercise 2: in prod, links must be https")
def test_exercise_2_prod_refuses_plain_http_links() -> None:
    dev = load_settings(env_file=None, env="dev", links={"base_url": "http://127.0.0.1:9000/"})
    assert dev.links.base_url.scheme == "http"

    with pytest.raises(ConfigError) as caught:
        load_settings(
            env_file=None,
            env="prod",
            links={"base_url": "http://files.example.com/"},
            signing_key=REAL_KEY,
        )
    # A validator on `links` reports the whole group; one on the URL itself names the variable.
    assert caught.value.env_vars in (["SIGNER_LINKS"], ["SIGNER_LINKS__BASE_URL"])


@pytest.mark.skip(reason="exercise 3: read the signing key from a secrets directory")
def test_exercise_3_signing_key_from_a_secrets_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "signer_signing_key").write_text(REAL_KEY + "\n")
    options: dict[str, Any] = {"env_file": None, "secrets_dir": secrets}

    settings = load_settings(**options, env="prod", links={"base_url": BASE_URL})
    assert settings.signing_key.get_secret_value() == REAL_KEY  # trailing newline stripped

    monkeypatch.setenv("SIGNER_SIGNING_KEY", "e" * 40)  # an environment variable still wins
    settings = load_settings(**options, env="prod", links={"base_url": BASE_URL})
    assert settings.signing_key.get_secret_value() == "e" * 40


@pytest.mark.skip(reason="exercise 3: read the signing key from a secrets directory")
def test_exercise_3_service_takes_a_secrets_dir_option(launch: Launcher, tmp_path: Path) -> None:
    secrets = tmp_path / "run-secrets"
    secrets.mkdir()
    (secrets / "signer_signing_key").write_text(REAL_KEY + "\n")
    env = controlled_env(SIGNER_ENV="prod", SIGNER_LINKS__BASE_URL=BASE_URL)

    service = launch("settings-demo-serve", env, "--secrets-dir", str(secrets), "--check-config")

    assert service.proc.wait(DEADLINE) == EXIT_OK, service.stderr()
    assert json.loads("\n".join(service.stdout_lines()))["signing_key"] == "**********"
