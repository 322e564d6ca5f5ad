"""Coverage says which lines ran; a mutant says whether any assertion noticed.

The mutant is the one mutmut makes first in `late_fee` (`<=` to `<`, see
examples/02_mutmut.py, which runs the real tool): applied here by hand to a copy of the
package, so this test takes a second instead of a mutmut run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import LESSON, child_env, nested_pytest

ORIGINAL = "if days <= policy.grace_days:"
MUTANT = "if days < policy.grace_days:"
WEAK = "tests/samples/fees_weak.py"
BOUNDARY = "tests/samples/fees_boundary.py"


def mutated_package(tmp_path: Path) -> Path:
    """A copy of src/ with the one mutant in fees.py; its path goes first on PYTHONPATH."""
    src = tmp_path / "src"
    shutil.copytree(LESSON / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    fees = src / "latefees" / "fees.py"
    code = fees.read_text()
    assert code.count(ORIGINAL) == 1, "the mutated line moved: update ORIGINAL"
    fees.write_text(code.replace(ORIGINAL, MUTANT))
    return src


def run_on_mutant(tmp_path: Path, *args: str) -> tuple[int, str]:
    env = child_env(PYTHONPATH=str(mutated_package(tmp_path)), COVERAGE_FILE=str(tmp_path / "cov"))
    done = nested_pytest("-p", "no:randomly", *args, env=env)
    return done.returncode, done.stdout + done.stderr


def test_broken_full_coverage_and_the_mutant_survives(tmp_path: Path) -> None:
    code, output = run_on_mutant(
        tmp_path,
        *("--cov=latefees.fees", "--cov-branch", "--cov-fail-under=100"),
        *("--cov-report=term-missing", WEAK),
    )
    assert "100%" in output, output
    assert code == 0, f"the weak suite should pass on the mutant (it survives)\n{output}"


def test_fixed_the_boundary_assertion_kills_the_mutant(tmp_path: Path) -> None:
    code, output = run_on_mutant(tmp_path, WEAK, BOUNDARY)
    assert code == 1, f"the mutant survived the boundary tests\n{output}"
    # Exactly the boundary test caught it (the rounding test passes on this mutant).
    assert "1 failed" in output, output
    assert f"FAILED {BOUNDARY}::test_the_last_day_of_grace_is_free_and_the_next_is_not" in output
