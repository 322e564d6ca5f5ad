"""Run mutmut 3 on `late_fee` against the weak suite, or the weak suite plus the boundary tests.

    uv run python examples/02_mutmut.py            # tests/samples/fees_weak.py
    uv run python examples/02_mutmut.py --boundary # ... plus tests/samples/fees_boundary.py

mutmut works on a copy (`mutants/`) of a project folder. This script builds a small project
in a temporary folder (fees.py and the chosen tests), runs `mutmut run` on the mutants of
`late_fee` only, and prints each mutant's fate and the diff of the survivors. A few seconds;
tests/test_mutation.py proves the same point without the tool, in one second.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent
MUTMUT = str(Path(sys.executable).parent / "mutmut")
CONFIG = """[tool.mutmut]
source_paths = ["src"]
pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:xdist"]
"""


def build_project(root: Path, boundary: bool) -> None:
    (root / "src" / "latefees").mkdir(parents=True)
    (root / "src" / "latefees" / "__init__.py").write_text("")
    shutil.copy(LESSON / "src" / "latefees" / "fees.py", root / "src" / "latefees")
    (root / "tests").mkdir()
    shutil.copy(LESSON / "tests" / "samples" / "fees_weak.py", root / "tests" / "test_weak.py")
    if boundary:
        shutil.copy(
            LESSON / "tests" / "samples" / "fees_boundary.py", root / "tests" / "test_boundary.py"
        )
    (root / "pyproject.toml").write_text(CONFIG)


def mutmut(root: Path, *args: str) -> str:
    # mutmut imports `latefees` from mutants/src; the lesson's own src (our PYTHONPATH, or
    # a lab's) must not shadow it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [MUTMUT, *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise SystemExit(f"mutmut {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundary", action="store_true", help="add fees_boundary.py")
    boundary = parser.parse_args().boundary
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_project(root, boundary)
        mutmut(root, "run", "--max-children", "1", "latefees.fees.x_late_fee__mutmut_*")
        results = mutmut(root, "results", "--all", "true")
        fates = re.findall(r"(x_late_fee__mutmut_\d+): (\w+)", results)
        for status in ("killed", "survived"):
            print(f"{status}: {sum(1 for _, fate in fates if fate == status)}")
        for name, fate in sorted(fates, key=lambda f: int(f[0].rsplit("_", 1)[1])):
            if fate == "survived":
                diff = mutmut(root, "show", f"latefees.fees.{name}")
                changed = [line for line in diff.splitlines() if line[:2] in ("- ", "+ ")]
                print(f"survived {name}:")
                print("\n".join(f"  {line.strip()}" for line in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
