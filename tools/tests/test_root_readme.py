"""The root README runs: each console block is executed from the repository root, and its
lessons table tells the truth about which lesson folders exist.

Lesson READMEs do the same through each lesson's conftest.py; the root README is not inside a
uv project, so this test parses it with Sybil directly.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser

from .services import require

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS
# The one terminal the README's blocks share: where it is, and what it exported.
_ENV = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "NO_COLOR")}
TERMINAL: dict[str, Any] = {"cwd": str(ROOT), "env": {**_ENV, "NO_COLOR": "1"}}


def run_console(example: Example) -> None:
    """Run each `$ command` of a console block and compare what it prints.

    The blocks run as one terminal would, in order from the repository root: a `cd` or an
    `export` carries over to the next command and the next block.
    """
    block: str = example.parsed
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        else:
            raise ValueError(f"console block must start with '$ ': {line!r}")
    for command, want_lines in commands:
        if "doctor.py" in command:
            # The doctor's output shown in the README is the one for a machine whose
            # services run: skip (or fail, when required) like any service test.
            for service in ("postgres", "mysql", "redis", "rabbitmq"):
                require(service)
        with tempfile.TemporaryDirectory() as tmp:
            state = Path(tmp)
            script = (
                f'cd "$1" || exit 97\n{command}\n__rc=$?\n'
                f'pwd > "{state}/cwd"; env -0 > "{state}/env"; exit $__rc\n'
            )
            done = subprocess.run(
                ["bash", "-c", script, "bash", TERMINAL["cwd"]],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=600,
                env=TERMINAL["env"],
            )
            if (state / "cwd").is_file():
                TERMINAL["cwd"] = (state / "cwd").read_text().strip()
                pairs = (state / "env").read_text().split("\0")
                TERMINAL["env"] = dict(p.split("=", 1) for p in pairs if "=" in p)
        want = "\n".join(want_lines).strip() + "\n"
        got = done.stdout.strip() + "\n"
        assert done.returncode == 0, f"$ {command}\nexited {done.returncode}:\n{done.stdout}"
        if not CHECKER.check_output(want, got, FLAGS):
            raise AssertionError(
                f"$ {command}\n--- README shows\n{want}--- the command printed\n{got}"
            )


DOCUMENT = Sybil(
    parsers=[CodeBlockParser(language="console", evaluator=run_console), SkipParser()],
    path=str(ROOT),
    patterns=["README.md"],
).parse(README)


@pytest.mark.parametrize("example", list(DOCUMENT), ids=lambda e: f"README.md-line-{e.line}")
def test_root_readme_block(example: Example) -> None:
    example.evaluate()


def lesson_rows() -> dict[str, str]:
    """Lesson folder name -> its table row, from the root README's lessons table."""
    rows = {}
    for line in README.read_text().splitlines():
        match = re.match(r"^\| (\d\d) \| (?:\[)?(\d\d-[a-z0-9-]+)", line)
        if match:
            rows[match.group(2)] = line
    return rows


def test_lessons_table_has_all_22_lessons_in_order() -> None:
    names = list(lesson_rows())
    assert [name[:2] for name in names] == [f"{n:02d}" for n in range(22)]


def test_every_lesson_folder_is_linked_and_every_link_exists() -> None:
    folders = {path.parent.name for path in ROOT.glob("[0-9][0-9]-*/pyproject.toml")}
    for name, row in lesson_rows().items():
        linked = f"[{name}]({name}/)" in row
        assert linked == (name in folders), f"row and folder disagree for {name}: {row}"
        assert ("(planned)" in row) == (not linked), row
