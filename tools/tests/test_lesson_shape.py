"""Every lesson has the shape CONTRIBUTING.md describes, so the template cannot drift from the
document: README headings in order, a Go mapping table, labs as plain patches that the README
names, one solution per exercise, benchmarks that state their spread, and deeper.md where a
README would run past one sitting."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
LESSONS = sorted(p.parent for p in ROOT.glob("[0-9][0-9]-*/pyproject.toml"))
ONE_SITTING = 3_500  # words: "about 3,000", with a margin for tables and commands
EXERCISE_SKIP = re.compile(r'reason="exercise (\d+):')


def skeleton() -> list[str]:
    """The `## ` headings CONTRIBUTING's README skeleton lists, in its order."""
    section = CONTRIBUTING.split("## The README skeleton", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. `## ([^`:]+)`", section, re.M)


def test_the_skeleton_is_read_from_contributing() -> None:
    assert skeleton() == [
        "What you will learn",
        "Coming from Go",
        "Run it",
        "How it works",
        "Break it",
        "Pitfalls",
        "Exercises",
        "Further reading",
    ]


@pytest.fixture(params=LESSONS, ids=lambda path: path.name)
def lesson(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def readme(lesson: Path) -> str:
    return (lesson / "README.md").read_text()


def test_readme_has_the_skeleton_headings_in_order(lesson: Path) -> None:
    text = readme(lesson)
    number = lesson.name[:2]
    assert re.match(rf"# {number} · \S", text), "the README starts with `# NN · Topic`"
    headings = re.findall(r"^## (.+?)\s*$", text, re.M)
    assert headings == skeleton()


def test_coming_from_go_is_a_mapping_table(lesson: Path) -> None:
    section = readme(lesson).split("## Coming from Go", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert len(rows) >= 4, "a header, its separator and at least two mappings"
    assert re.match(r"^\|\s*-{3,}", rows[1]), rows[1]


def test_labs_are_plain_patches_the_readme_names(lesson: Path) -> None:
    labs = sorted(lesson.glob("labs/*.patch"))
    assert labs, "Break it is at least one patch in labs/"
    text = readme(lesson)
    for lab in labs:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.patch", lab.name), lab.name
        patch = lab.read_text()
        assert patch.startswith("--- a/"), f"{lab.name}: a plain unified diff (see CONTRIBUTING)"
        assert "diff --git" not in patch, f"{lab.name}: git apply skips git-style paths here"
        assert f"labs/{lab.name}" in text, f"the README does not name labs/{lab.name}"


def test_every_exercise_has_a_solution_and_every_solution_an_exercise(lesson: Path) -> None:
    skipped: set[str] = set()
    for test in lesson.glob("tests/test_*.py"):
        skipped |= set(EXERCISE_SKIP.findall(test.read_text()))
    solutions = {p.stem.removeprefix("exercise-") for p in lesson.glob("solutions/*.patch")}
    assert skipped, "exercises are checked by tests skipped with reason='exercise N: ...'"
    assert solutions == skipped
    assert "solutions/" in readme(lesson)


def test_benchmarks_state_their_spread(lesson: Path) -> None:
    benches = sorted(lesson.glob("benchmarks/bench_*.py"))
    if not benches:
        pytest.skip(f"{lesson.name} makes no performance claim, so it has no benchmarks/")
    for bench in benches:
        source = bench.read_text().lower()
        assert "median" in source, f"{bench.name} prints no median"
        assert ("min" in source and "max" in source) or "iqr" in source, (
            f"{bench.name} prints no spread (min-max or IQR)"
        )
        assert bench.name in readme(lesson) + deeper(lesson), f"no document runs {bench.name}"


def deeper(lesson: Path) -> str:
    path = lesson / "deeper.md"
    return path.read_text() if path.is_file() else ""


def test_readme_fits_one_sitting_and_deeper_md_runs(lesson: Path) -> None:
    words = len(readme(lesson).split())
    assert words <= ONE_SITTING, f"README.md has {words} words: move depth to deeper.md"
    if (lesson / "deeper.md").is_file():
        assert "deeper.md" in readme(lesson), "the README links deeper.md"
        pyproject = tomllib.loads((lesson / "pyproject.toml").read_text())
        assert "deeper.md" in pyproject["tool"]["pytest"]["testpaths"]
