"""The committed generated code is what `scripts/generate.py` makes from proto/ today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import LESSON

COMMITTED = LESSON / "src"


def test_the_generated_code_is_fresh(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "scripts/generate.py", "--out", str(tmp_path)],
        cwd=LESSON,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    fresh = {Path(line) for line in done.stdout.split()}
    committed = {
        path.relative_to(COMMITTED)
        for path in (COMMITTED / "inventory" / "pb").rglob("*")
        if path.name.endswith(("_pb2.py", "_pb2.pyi", "_pb2_grpc.py", "_pb2_grpc.pyi"))
    }
    assert fresh == committed, "run `uv run python scripts/generate.py` and commit the result"
    stale = [
        str(path)
        for path in sorted(fresh)
        if (tmp_path / path).read_bytes() != (COMMITTED / path).read_bytes()
    ]
    assert stale == [], "run `uv run python scripts/generate.py` and commit the result"


def test_every_proto_path_mirrors_its_python_package() -> None:
    for proto in (LESSON / "proto").rglob("*.proto"):
        package = proto.parent.relative_to(LESSON / "proto")
        assert (COMMITTED / package / "__init__.py").is_file(), proto
