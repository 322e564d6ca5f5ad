"""Order dependence, shown in a nested pytest on a sample file (so this suite stays green).

pytest-randomly shuffles with a seed it prints; the same seed replays the same order. Seed 1
runs the samples' second test first, seed 2 keeps the file's order (pytest-randomly 5.1).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.support import LESSON, nested_pytest

SECOND_TEST_FIRST, FILE_ORDER = 1, 2


def run_sample(sample: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    """Copy the sample into an empty folder as a test file and run pytest there."""
    shutil.copy(LESSON / "tests" / "samples" / sample, tmp_path / "test_sample.py")
    done = nested_pytest("-v", *args, "test_sample.py", cwd=tmp_path)
    return done.returncode, done.stdout


def order_run(output: str) -> list[str]:
    return re.findall(r"::(test_\w+) (?:PASSED|FAILED)", output)


def test_broken_leftovers_pass_in_file_order_and_fail_shuffled(tmp_path: Path) -> None:
    code, output = run_sample("order_dependent.py", tmp_path, "-p", "no:randomly")
    assert code == 0, output
    code, output = run_sample(
        "order_dependent.py", tmp_path, f"--randomly-seed={SECOND_TEST_FIRST}"
    )
    assert code == 1, output
    assert "FAILED test_sample.py::test_the_invoice_is_overdue" in output


def test_fixed_a_function_scoped_fixture_passes_in_every_order(tmp_path: Path) -> None:
    orders = []
    for seed in (SECOND_TEST_FIRST, FILE_ORDER):
        code, output = run_sample("order_isolated.py", tmp_path, f"--randomly-seed={seed}")
        assert code == 0, output
        orders.append(order_run(output))
    assert orders[0] == orders[1][::-1], "the two seeds should run both orders"
