"""Make README.md a test: every console and python block in it runs.

- ```console blocks: each `$ command` runs in this folder through the shell; the lines after
  it are the expected output (stdout and stderr together). `...` matches any text, as in
  doctest's ELLIPSIS. A command must exit 0; show a failure as `$ cmd; echo "exit=$?"`.
- ```python blocks run in one namespace per README, in order; a block that starts with `>>>`
  is a doctest and its output is checked.
- `<!-- skip: next "reason" -->` before a block is allowed only where a test cannot run it
  here, and the reason says why.
"""

from __future__ import annotations

import doctest
import os
import subprocess
from pathlib import Path

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

HERE = Path(__file__).parent
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS


def run_console(example: Example) -> None:
    """Run each `$ command` of a console block and compare what it prints."""
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
        done = subprocess.run(
            command,
            shell=True,
            cwd=HERE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
            env={**os.environ, "NO_COLOR": "1"},
        )
        want = "\n".join(want_lines).strip() + "\n"
        got = done.stdout.strip() + "\n"
        assert done.returncode == 0, f"$ {command}\nexited {done.returncode}:\n{done.stdout}"
        if not CHECKER.check_output(want, got, FLAGS):
            raise AssertionError(
                f"$ {command}\n--- README shows\n{want}--- the command printed\n{got}"
            )


pytest_collect_file = Sybil(
    parsers=[
        CodeBlockParser(language="console", evaluator=run_console),
        PythonCodeBlockParser(doctest_optionflags=FLAGS),
        SkipParser(),
    ],
    patterns=["README.md"],
).pytest()
