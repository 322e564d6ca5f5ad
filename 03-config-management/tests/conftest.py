"""Isolate every test from the developer's shell and `.env`; start real service processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procs import Launcher


@pytest.fixture(autouse=True)
def isolated_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SIGNER_* from the shell, and a working directory with no `.env` in it.

    Without this, a developer who ran `cp .env.example .env` in this folder, or exported
    SIGNER_ENV=prod in their shell, would see different results from CI.
    """
    for name in list(os.environ):
        if name.upper().startswith("SIGNER_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launcher]:
    """Start service processes in tmp_path (which has no `.env`); kill leftovers afterwards."""
    launcher = Launcher(tmp_path)
    yield launcher
    launcher.close()
