"""Settings: COURSE_*_URL parsed once with pydantic-settings; a bad value is named and the
command exits 78 (EX_CONFIG) before it connects to anything, with no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bank.settings import DEFAULTS, EX_CONFIG, Settings

LESSON = Path(__file__).parent.parent


def run(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    return subprocess.run(
        [sys.executable, str(LESSON / script)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "script", ["examples/01_connect.py", "examples/06_deadlines.py", "benchmarks/bench_db.py"]
)
def test_a_bad_url_exits_78_naming_every_bad_variable(script: str) -> None:
    done = run(
        script,
        COURSE_POSTGRES_URL="http://db.internal",
        COURSE_MYSQL_URL="mysql://db.internal:99999/course",
    )
    assert done.returncode == EX_CONFIG
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == ["COURSE_POSTGRES_URL", "COURSE_MYSQL_URL"]
    assert "Traceback" not in done.stderr


def test_a_url_without_a_host_is_refused() -> None:
    done = run("examples/01_connect.py", COURSE_MYSQL_URL="mysql:///course")
    assert done.returncode == EX_CONFIG
    assert done.stderr.startswith("COURSE_MYSQL_URL: ")


def test_unset_or_empty_means_the_compose_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSE_POSTGRES_URL", raising=False)
    monkeypatch.setenv("COURSE_MYSQL_URL", "")
    monkeypatch.setenv("COURSE_REQUIRE_SERVICES", " postgres, mysql ,")
    settings = Settings()
    assert settings.url("postgres") == DEFAULTS["postgres"][1]
    assert settings.url("mysql") == DEFAULTS["mysql"][1]
    assert settings.require_services == {"postgres", "mysql"}


def test_driver_names_in_the_scheme_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_POSTGRES_URL", "postgresql+psycopg://u:p@db:5433/x")
    monkeypatch.setenv("COURSE_MYSQL_URL", "mariadb://u:p@db/x")
    settings = Settings()
    assert settings.postgres_url.endswith("@db:5433/x")
    assert settings.mysql_url.startswith("mariadb://")
