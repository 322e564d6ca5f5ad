"""The dependency direction is a test: `lint-imports` runs on the real package and on broken
copies of it, with the contracts from this lesson's pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import notes

LESSON = Path(__file__).resolve().parents[1]
PACKAGE = LESSON / "src" / "notes"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = {
    contract["id"]: contract["name"]
    for contract in tomllib.loads((LESSON / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
}


def lint_imports(project: Path) -> tuple[int, dict[str, str]]:
    """Run lint-imports in `project` (a folder holding pyproject.toml and the package to check).

    Returns the exit code and each contract's verdict, by contract id: "KEPT" or "BROKEN".
    lint-imports puts its working directory first on sys.path, so a copy of `notes` there
    is the one it analyses, not the installed package.
    """
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    verdicts = {}
    for line in done.stdout.splitlines():
        for contract_id, name in CONTRACTS.items():
            if line in (f"{name} KEPT", f"{name} BROKEN"):
                verdicts[contract_id] = line.rsplit(" ", 1)[1]
    assert set(verdicts) == set(CONTRACTS), done.stdout + done.stderr
    return done.returncode, verdicts


def broken_copy(tmp_path: Path, module: str, bad_import: str) -> Path:
    """Copy the package and the contracts into tmp_path, and add `bad_import` to `module`."""
    shutil.copytree(PACKAGE, tmp_path / "notes", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(LESSON / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module.replace(".", "/")
    source = target.with_suffix(".py")
    source.write_text(source.read_text() + f"\n{bad_import}  # the mistake under test\n")
    return tmp_path


def test_fixed_real_package_keeps_every_contract() -> None:
    code, verdicts = lint_imports(LESSON)
    assert code == 0
    assert verdicts == dict.fromkeys(CONTRACTS, "KEPT")


def test_public_api_is_exactly_all_and_resolves() -> None:
    """Every name in `notes.__all__` exists, and nothing private is exported."""
    assert sorted(notes.__all__) == notes.__all__
    for name in notes.__all__:
        assert getattr(notes, name) is not None
        assert not name.startswith("_")
    assert all(not getattr(notes, name).__module__.startswith("notes._") for name in notes.__all__)
