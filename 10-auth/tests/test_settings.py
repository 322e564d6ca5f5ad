"""Settings from `AUTHDEMO_*` variables: a bad value stops startup and names the variable."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from authdemo import KeySet, Settings, load_settings
from authdemo.app import build_keys
from authdemo.errors import ConfigError
from tests.procs import BIN, DEADLINE, minimal_env
from tests.support import write_key_dir

EX_CONFIG = 78


@pytest.fixture(autouse=True)
def no_authdemo_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment with no AUTHDEMO_* variable in it."""
    for name in list(os.environ):
        if name.startswith("AUTHDEMO_"):
            monkeypatch.delenv(name)


def test_the_defaults_are_the_production_values() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert (settings.hashing.argon2_time_cost, settings.hashing.argon2_memory_kib) == (3, 65536)
    assert settings.tokens.access_ttl_seconds == 300


@pytest.mark.parametrize(
    "variable",
    ["AUTHDEMO_ACCESS_TTL_SECONDS", "AUTHDEMO_ARGON2_TIME_COST", "AUTHDEMO_BCRYPT_ROUNDS"],
)
@pytest.mark.parametrize("raw", ["0", "-300", "5m", "3.5"])
def test_a_bad_number_fails_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str
) -> None:
    monkeypatch.setenv(variable, raw)
    with pytest.raises(ConfigError) as failed:
        load_settings()
    assert [name for name, _ in failed.value.problems] == [variable]


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHDEMO_ACCESS_TTL_SECONDS", "5m")
    monkeypatch.setenv("AUTHDEMO_BCRYPT_ROUNDS", "3")  # bcrypt's minimum is 4
    monkeypatch.setenv("AUTHDEMO_ACCES_TTL_SECONDS", "60")  # a typo would mean the default
    with pytest.raises(ConfigError) as failed:
        load_settings()
    assert [name for name, _ in failed.value.problems] == [
        "AUTHDEMO_ACCESS_TTL_SECONDS",
        "AUTHDEMO_ACCES_TTL_SECONDS",
        "AUTHDEMO_BCRYPT_ROUNDS",
    ]


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHDEMO_ACCESS_TTL_SECONDS", "")
    assert load_settings().tokens.access_ttl_seconds == 300


def test_an_unusable_key_directory_is_a_config_error(tmp_path: Path, keys: KeySet) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError) as no_keys:
        build_keys(Settings(key_dir=empty))
    assert [name for name, _ in no_keys.value.problems] == ["AUTHDEMO_KEY_DIR"]
    key_dir = write_key_dir(tmp_path / "keys", keys)
    with pytest.raises(ConfigError) as unknown_kid:
        build_keys(Settings(key_dir=key_dir, active_kid="k9"))
    assert [name for name, _ in unknown_kid.value.problems] == ["AUTHDEMO_ACTIVE_KID"]


def run_server(**env: str) -> subprocess.CompletedProcess[str]:
    """`authdemo-serve --port 0` with only PATH and `env`: it must stop before serving."""
    return subprocess.run(
        [str(BIN / "authdemo-serve"), "--port", "0"],
        env=minimal_env(**env),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


def test_server_with_bad_variables_exits_78_naming_each_and_never_listens(tmp_path: Path) -> None:
    done = run_server(
        AUTHDEMO_DB=str(tmp_path / "auth.db"),
        AUTHDEMO_ACCESS_TTL_SECONDS="5m",
        AUTHDEMO_MAX_CONCURRENT_HASHES="0",
        AUTHDEMO_KEY_DIR=str(tmp_path / "missing"),
    )
    assert done.returncode == EX_CONFIG, done.stderr
    lines = done.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "AUTHDEMO_ACCESS_TTL_SECONDS",
        "AUTHDEMO_MAX_CONCURRENT_HASHES",
    ]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "auth.db").exists()  # nothing started


def test_server_with_an_unusable_key_directory_exits_78(tmp_path: Path) -> None:
    done = run_server(AUTHDEMO_KEY_DIR=str(tmp_path / "missing"))
    assert done.returncode == EX_CONFIG, done.stderr
    assert done.stderr.startswith("authdemo-serve: AUTHDEMO_KEY_DIR: ")
    assert "Traceback" not in done.stderr
