"""Scripts, patches and SQL stay LF on every checkout (.gitattributes), Windows included.

A CRLF checkout breaks them in ways that are hard to read: bash stops at `$'\\r': command not
found`, `git apply` says a lab patch "does not apply", psql keeps a stray carriage return.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
MUST_BE_LF = ("*.sh", "*.patch", "*.sql", "*.py", "*.md", "*.toml", "*.lock", "*.yml")


def tracked(*patterns: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--", *patterns, ".ci/run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line]


@pytest.fixture(scope="module")
def files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: line-ending attributes apply to git checkouts only")
    names = tracked(*MUST_BE_LF)
    assert any(name.endswith(".patch") for name in names)
    assert ".ci/run" in names
    return names


def test_gitattributes_pins_lf_for_scripts_patches_and_sql(files: list[str]) -> None:
    out = subprocess.run(
        ["git", "check-attr", "eol", "--stdin"],
        cwd=ROOT,
        input="\n".join(files),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    not_lf = [line for line in out.splitlines() if not line.endswith(": eol: lf")]
    assert not not_lf, not_lf


def test_no_tracked_script_patch_or_sql_file_has_crlf(files: list[str]) -> None:
    crlf = [name for name in files if b"\r\n" in (ROOT / name).read_bytes()]
    assert not crlf, crlf
