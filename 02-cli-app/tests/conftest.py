from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SCRIPTS, script_path


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the developer's real notes: no inherited NOTES_DB, XDG data in tmp_path."""
    monkeypatch.delenv("NOTES_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(params=SCRIPTS)
def script(request: pytest.FixtureRequest) -> Path:
    """Each contract test runs against both console scripts: they must behave the same."""
    name: str = request.param
    return script_path(name)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "notes.sqlite3"
