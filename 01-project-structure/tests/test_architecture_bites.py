"""Each contract bites: a copy of the package with one bad import breaks exactly its contracts.

Kept apart from tests/test_architecture.py because each case runs lint-imports on its own copy
(a second or two each); the Break it lab runs only the fast file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_architecture import broken_copy, lint_imports


@pytest.mark.parametrize(
    ("module", "bad_import", "broken"),
    [
        pytest.param(
            "notes.services.notes",
            "from fastapi import HTTPException",
            {"pure-services"},
            id="service-imports-web-framework",
        ),
        pytest.param(
            "notes.services.notes",
            "import sqlite3",
            {"pure-services"},
            id="service-imports-database-driver",
        ),
        pytest.param(
            "notes.services.notes",
            "from notes.repositories.sqlite import SqliteNoteRepository",
            {"layers", "pure-services"},  # and, indirectly, sqlite3
            id="service-imports-its-adapter",
        ),
        pytest.param(
            "notes.bootstrap",
            "import uvicorn",
            {"web-stays-at-the-edge"},
            id="composition-root-imports-server",
        ),
        pytest.param(
            "notes.repositories.memory",
            "from notes.api.cli import EXIT_OK",
            {"layers"},
            id="repository-imports-entrypoint",
        ),
    ],
)
def test_broken_copy_fails_the_contract_it_breaks(
    tmp_path: Path, module: str, bad_import: str, broken: set[str]
) -> None:
    """Each mistake breaks exactly the contracts that name it, and lint-imports exits 1."""
    code, verdicts = lint_imports(broken_copy(tmp_path, module, bad_import))
    assert code == 1
    assert {cid for cid, verdict in verdicts.items() if verdict == "BROKEN"} == broken
