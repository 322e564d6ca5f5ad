"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.images import require_podman
from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-liveness-checks-the-database.patch",
        files=("tests/test_probes.py",),
        fails={"test_fixed_liveness_ignores_a_dead_database": r"assert 503 == 200"},
    ),
    Lab(
        patch="labs/02-no-drain-pause.patch",
        files=("tests/test_shutdown.py",),
        fails={
            "test_fixed_readiness_flips_at_sigterm_and_the_pod_keeps_serving": (
                r"'Shutting down' == 'keeps serving'"
            )
        },
    ),
    Lab(
        patch="labs/03-shell-form-cmd.patch",
        files=("tests/test_image_stop.py",),
        fails={
            "test_fixed_podman_stop_drains_the_request_in_flight": r"\(None, 137\) == \(200, 0\)"
        },
    ),
    Lab(
        patch="labs/04-secret-in-a-layer.patch",
        files=("tests/test_image_layers.py",),
        fails={"test_fixed_no_build_secret_in_any_layer": r"tmp/ca\.pem"},
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_settings.py"),
        checks=("test_exercise_1_prod_requires_an_https_upstream",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_manifests.py"),
        checks=("test_exercise_2_a_staging_overlay_between_dev_and_prod",),
    ),
]
IMAGE_TESTS = ("tests/test_image_stop.py", "tests/test_image_layers.py")


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_lab_fails_exactly_the_named_tests(lab: Lab, tmp_path: Path) -> None:
    if set(lab.files) & set(IMAGE_TESTS):
        require_podman()  # skips (or fails, when required) with the reason, before the copy
    check_lab(lab, tmp_path)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda solution: solution.name)
def test_solution_makes_the_exercise_pass(solution: Solution, tmp_path: Path) -> None:
    check_solution(solution, tmp_path)


def test_every_patch_is_proven_and_named() -> None:
    check_every_patch_is_listed(LABS, SOLUTIONS)


def test_the_image_tests_run_on_the_readmes_worker_before_it(
    request: pytest.FixtureRequest,
) -> None:
    """Under two workers, the tests that use the session's images build them on the README's
    worker before its examples run: the README's build then finds every step cached, and its
    `podman rmi` only takes its tag off, never a layer a lab's build elsewhere stands on.
    pyproject's `with_the_docs` must name every one of them, and no lab: a lab's nested run
    builds in its own process, one build at a time (tests/images.py)."""
    joining = request.config.getini("with_the_docs")
    tests = Path(__file__).parent
    users = [
        f"tests/{path.name}"
        for path in sorted(tests.glob("test_*.py"))
        if re.search(r"def test_\w+\([^)]*\bimages: Images", path.read_text())
    ]
    assert users, "no test file uses the images fixture: update this check"
    assert "tests/test_labs.py" not in users
    assert sorted(joining) == users
