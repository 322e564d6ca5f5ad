"""Importing the service layer must not touch the outside world.

Each test imports `notes.services` in a fresh interpreter with an EMPTY environment (env={}:
no HOME, no NOTES_DB, no PATH) and records, with an audit hook (PEP 578), every SQLite
connection and every directory or file created for writing during the import.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

LESSON = Path(__file__).resolve().parents[1]
PACKAGE = LESSON / "src" / "notes"

PROBE = """
import json, sys

events = []

def record(event, args):
    if event == "sqlite3.connect":
        events.append([event, str(args[0])])
    elif event == "os.mkdir":
        events.append([event, str(args[0])])
    elif event == "open" and isinstance(args[1], str) and set(args[1]) & set("wax+"):
        events.append([event, str(args[0])])

sys.addaudithook(record)
if len(sys.argv) > 1:
    sys.path.insert(0, sys.argv[1])  # a copy of the package to import instead

import notes.services

print(json.dumps({
    "events": events,
    "module_file": notes.services.__file__,
    "web_modules": sorted(m for m in ("fastapi", "starlette", "uvicorn") if m in sys.modules),
}))
"""


def probe(
    cwd: Path, package_parent: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Import notes.services in a new interpreter with `env` (default: empty), from `cwd`.

    The package is imported from `package_parent`, by default this lesson's own `src/`: -I
    ignores PYTHONPATH, so a test run on a copy of the lesson still sees the copy's code.
    """
    extra = [str(package_parent or PACKAGE.parent)]
    return subprocess.run(
        # -B: write no .pyc (its mkdir/open would be noise); -I: ignore PYTHON* and user site.
        [sys.executable, "-B", "-I", "-c", PROBE, *extra],
        cwd=cwd,
        env=env or {},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def import_services(cwd: Path, package_parent: Path | None = None) -> dict[str, Any]:
    """Import notes.services with an empty environment; return what the probe recorded."""
    done = probe(cwd, package_parent)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def connecting_copy(tmp_path: Path) -> Path:
    """A copy of the package whose SQLite adapter connects at module level."""
    copy = tmp_path / "copy"
    shutil.copytree(PACKAGE, copy / "notes", ignore=shutil.ignore_patterns("__pycache__"))
    adapter = copy / "notes" / "repositories" / "sqlite.py"
    adapter.write_text(
        adapter.read_text()
        + "\nimport os  # the mistake under test: a connection made at import time\n"
        + '_connection = sqlite3.connect(os.environ.get("NOTES_DB", "notes.sqlite3"))\n'
    )
    return copy


def test_fixed_importing_services_with_empty_env_opens_nothing(tmp_path: Path) -> None:
    """The real package: the import succeeds, connects to nothing, creates nothing, and does
    not drag in the web framework."""
    result = import_services(cwd=tmp_path)
    assert Path(result["module_file"]).is_relative_to(PACKAGE)
    assert result["events"] == []
    assert result["web_modules"] == []
    assert list(tmp_path.iterdir()) == []


def test_broken_module_connecting_at_import_creates_a_database(tmp_path: Path) -> None:
    """A copy whose SQLite adapter connects at module level. Nobody asked for the adapter:
    the test imports only the service layer. But `notes/__init__.py` re-exports the
    adapters, so the import connects and leaves a database file in the working directory."""
    copy = connecting_copy(tmp_path)
    workdir = tmp_path / "workdir"
    workdir.mkdir()

    result = import_services(cwd=workdir, package_parent=copy)

    assert Path(result["module_file"]).is_relative_to(copy)
    assert ["sqlite3.connect", "notes.sqlite3"] in result["events"]
    assert (workdir / "notes.sqlite3").is_file()


def test_broken_import_crashes_when_the_database_setting_is_unusable(tmp_path: Path) -> None:
    """The same copy, with NOTES_DB pointing into a folder that does not exist: now importing
    the service layer raises, so even a test that never touches storage cannot start."""
    missing = tmp_path / "no-such-dir" / "notes.sqlite3"
    done = probe(tmp_path, connecting_copy(tmp_path), env={"NOTES_DB": str(missing)})
    assert done.returncode == 1
    assert "sqlite3.OperationalError" in done.stderr
    assert not missing.parent.exists()


def test_fixed_import_ignores_an_unusable_database_setting(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "notes.sqlite3"
    done = probe(tmp_path, env={"NOTES_DB": str(missing)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"] == []
    assert not missing.parent.exists()
