"""The composition root: settings from a mapping, adapters chosen and closed in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes._internal.paths import default_db_path
from notes.bootstrap import Settings, open_service
from notes.errors import StorageError


def test_settings_prefer_notes_db_then_xdg_then_home() -> None:
    assert Settings.from_env({"NOTES_DB": "/data/n.db", "HOME": "/home/a"}).db == "/data/n.db"
    assert Settings.from_env({"XDG_DATA_HOME": "/xdg", "HOME": "/home/a"}).db == (
        "/xdg/notes/notes.sqlite3"
    )
    assert Settings.from_env({"HOME": "/home/a"}).db == "/home/a/.local/share/notes/notes.sqlite3"


def test_relative_xdg_data_home_is_ignored_as_the_spec_says() -> None:
    path = default_db_path({"XDG_DATA_HOME": "relative/dir", "HOME": "/home/a"})
    assert path == Path("/home/a/.local/share/notes/notes.sqlite3")


def test_open_service_closes_the_database_on_exit(tmp_path: Path) -> None:
    with open_service(Settings(db=str(tmp_path / "n.sqlite3"))) as service:
        service.add("inside")
    with pytest.raises(StorageError):
        service.list()  # the connection is closed: the driver error arrives as StorageError


def test_memory_setting_keeps_nothing_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_service(Settings(db=":memory:")) as service:
        assert service.add("volatile").id == 1
    assert list(tmp_path.iterdir()) == []
