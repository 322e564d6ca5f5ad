"""Environment separation: one set of settings, a rule per environment, secrets from files;
what `deployable-serve` refuses before it starts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from deployable import RULES, ConfigError, load_settings
from tests.support import environment, run


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No APP_* variable from the developer's shell; an empty secrets folder of our own."""
    for name in [n for n in __import__("os").environ if n.startswith("APP_")]:
        monkeypatch.delenv(name)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    monkeypatch.setenv("APP_SECRETS_DIR", str(secrets))
    return secrets


def test_dev_starts_with_defaults() -> None:
    settings = load_settings()
    assert settings.environment == "dev"
    assert settings.database_dsn().startswith("postgresql://")


def test_prod_names_every_missing_secret_and_the_forbidden_docs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_ENVIRONMENT", "prod")
    monkeypatch.setenv("APP_UPSTREAM_URL", "https://greeter.example.com")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    named = sorted(problem.split(":")[0] for problem in caught.value.problems)
    assert named == ["APP_DATABASE_URL", "APP_EXPOSE_DOCS", "APP_UPSTREAM_TOKEN"]


def test_secrets_come_from_files_like_a_mounted_kubernetes_secret(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / "app_database_url").write_text("postgresql://app:s3cret@db:5432/app")
    (clean_env / "app_upstream_token").write_text("t0ken")
    monkeypatch.setenv("APP_ENVIRONMENT", "prod")
    monkeypatch.setenv("APP_EXPOSE_DOCS", "false")
    monkeypatch.setenv("APP_UPSTREAM_URL", "https://greeter.example.com")
    settings = load_settings()
    assert settings.database_dsn() == "postgresql://app:s3cret@db:5432/app"
    assert settings.upstream_token is not None
    assert settings.upstream_token.get_secret_value() == "t0ken"
    assert "s3cret" not in repr(settings)


def test_an_environment_variable_beats_the_secret_file(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / "app_upstream_token").write_text("from-file")
    monkeypatch.setenv("APP_UPSTREAM_TOKEN", "from-env")
    token = load_settings().upstream_token
    assert token is not None
    assert token.get_secret_value() == "from-env"


def test_a_bad_value_is_named_by_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENVIRONMENT", "production")
    monkeypatch.setenv("APP_DRAIN_SECONDS", "-1")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    named = sorted(problem.split(":")[0] for problem in caught.value.problems)
    assert named == ["APP_DRAIN_SECONDS", "APP_ENVIRONMENT"]


def test_every_environment_has_a_rule_and_prod_is_the_strictest() -> None:
    assert set(RULES) == {"dev", "staging", "prod"}
    assert set(RULES["dev"].required_secrets) <= set(RULES["prod"].required_secrets)
    assert not RULES["prod"].docs_allowed


def test_no_environment_name_in_the_code_paths() -> None:
    """Only the rule table may name an environment; code reads settings, not names."""
    src = Path(__file__).resolve().parent.parent / "src" / "deployable"
    for path in src.glob("*.py"):
        if path.name == "_settings.py":
            continue
        text = path.read_text()
        for name in ('"prod"', '"staging"', '"dev"'):
            assert name not in text, f"{path.name} branches on {name}"


def test_serve_refuses_prod_without_secrets_with_exit_78() -> None:
    done = run(
        [sys.executable, "-m", "deployable.serve"],
        environment(APP_ENVIRONMENT="prod", APP_EXPOSE_DOCS="false"),
    )
    assert done.returncode == 78
    assert "APP_DATABASE_URL" in done.stderr
    assert "APP_UPSTREAM_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_port_out_of_range_as_a_usage_error() -> None:
    """A bad command line is exit 2 with the usage, checked before settings or a bind."""
    done = run([sys.executable, "-m", "deployable.serve", "--port", "70000"], environment())
    assert done.returncode == 2
    assert done.stderr.startswith("usage: deployable-serve")
    assert "argument --port" in done.stderr
    assert "Traceback" not in done.stderr
