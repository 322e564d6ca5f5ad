"""`course`: steer through the lessons. Plain text in a pipe, colour only on a terminal.

    uv run --project tools course progress     # where you are, read from your last runs
    uv run --project tools course next         # the first unfinished step and its command
    uv run --project tools course check 03     # run one lesson as the root runner does

Exit codes (the course's table): 0 done, 1 a check failed, 2 usage error (unknown lesson),
69 uv is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click

from .progress import Lesson, answers, course_root, lessons, record_check

# The same five steps, in the same order, as the root runner (noxfile.py).
STEPS: dict[str, list[str]] = {
    "sync": ["uv", "sync", "--locked"],
    "pytest": ["uv", "run", "--locked", "pytest"],
    "ruff": ["uv", "run", "--locked", "ruff", "check"],
    "format": ["uv", "run", "--locked", "ruff", "format", "--check"],
    "mypy": ["uv", "run", "--locked", "mypy"],
}
COLOURS = {"green": "green", "red": "red", "not run": "yellow", "planned": "bright_black"}
EX_UNAVAILABLE = 69


def colour() -> bool | None:
    """None lets click decide (colour on a terminal only); NO_COLOR turns it off everywhere."""
    return False if os.environ.get("NO_COLOR") else None


def say(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err, color=colour())


@click.group()
def main() -> None:
    """Steer through the course: progress, next step, and one lesson's checks."""


@main.command()
def progress() -> None:
    """A table of every lesson: suite, exercises done, labs tried, services."""
    all_lessons = lessons(course_root())
    say(f"{'#':<3} {'lesson':<24} {'suite':<8} {'exercises':<10} {'labs':<6} services")
    for lesson in all_lessons:
        say(row(lesson))
    say("\nThe suite is your last whole-suite run (`uv run pytest` or `course check NN`).")
    say("Next step: uv run --project tools course next")


def row(lesson: Lesson) -> str:
    if not lesson.exists:
        state = "planned"
        return (
            f"{lesson.number:<3} {lesson.name:<24} {click.style(f'{state:<8}', fg=COLOURS[state])}"
        )
    state = lesson.suite
    if lesson.failed_steps:
        state = f"red ({', '.join(lesson.failed_steps)})"
    suite = click.style(f"{state:<8}", fg=COLOURS[lesson.suite])
    exercises = f"{len(lesson.exercises_done)}/{lesson.exercise_total}"
    labs = f"{len(lesson.labs_tried)}/{len(lesson.labs)}"
    services = (
        ", ".join(f"{name} {'up' if answers(name) else 'DOWN'}" for name in lesson.services) or "-"
    )
    return f"{lesson.number:<3} {lesson.name:<24} {suite} {exercises:<10} {labs:<6} {services}"


@main.command(name="next")
def next_step() -> None:
    """The first unfinished step: what to read, and the one command to run."""
    for lesson in lessons(course_root()):
        if lesson.exists and (step := first_step(lesson)):
            section, command, why = step
            say(f"Lesson {lesson.number}, {lesson.title}: {why}")
            say(f'Read:  {lesson.name}/README.md, section "{section}"')
            say(f"Run:   {command}")
            down = [name for name in lesson.services if not answers(name)]
            if down:
                say(f"First start {', '.join(down)}: docker compose up -d --wait {' '.join(down)}")
            return
    say("Every lesson is done: suites green, labs tried, exercises passing.")


def first_step(lesson: Lesson) -> tuple[str, str, str] | None:
    """(README section, command, why) for the lesson's first unfinished step, or None."""
    readme = (lesson.path / "README.md").read_text()
    cd = f"cd {lesson.name} && "
    if lesson.suite != "green":
        why = "its suite has not passed yet" if lesson.suite == "red" else "start here"
        return heading(readme, "") or "the top", f"{cd}uv run pytest", why
    for lab in lesson.labs:
        if lab not in lesson.labs_tried:
            shown = re.search(rf"^\$ (.*git apply {re.escape(lab)}.*)$", readme, re.M)
            command = shown.group(1) if shown else f"git apply {lab} && uv run pytest"
            section = heading(readme, "Break it") or "Break it"
            return section, cd + command, f"try the Break it lab {lab}"
    for number in map(str, range(1, lesson.exercise_total + 1)):
        if number not in lesson.exercises_done:
            test_file = exercise_file(lesson.path, number)
            section = heading(readme, "Exercises") or "Exercises"
            why = (
                f"exercise {number} (un-skip its check; solutions/exercise-{number}.patch if stuck)"
            )
            return section, f"{cd}uv run pytest {test_file}", why
    return None


def heading(readme: str, containing: str) -> str | None:
    """The first Markdown heading (level 1-2) whose text contains `containing`."""
    for match in re.finditer(r"^#{1,2} (.+)$", readme, re.M):
        if containing.lower() in match.group(1).lower():
            return match.group(1).strip()
    return None


def exercise_file(path: Path, number: str) -> str:
    for test in sorted(path.glob("tests/test_*.py")):
        if (
            f'reason="exercise {number}:' in test.read_text()
            or f"test_exercise_{number}_" in test.read_text()
        ):
            return test.relative_to(path).as_posix()
    return "tests/test_exercises.py"


@main.command()
@click.argument("lesson")
def check(lesson: str) -> None:
    """Run one lesson (e.g. 03) as the root runner does, and record the result."""
    root = course_root()
    chosen = find(root, lesson)
    if shutil.which("uv") is None:
        say("course: uv is not on PATH; install it first (root README, Set up)", err=True)
        sys.exit(EX_UNAVAILABLE)
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    failed: list[str] = []
    for step, command in STEPS.items():
        if "sync" in failed:
            break
        say(click.style(f"== {chosen.name}: {step}", bold=True))
        done = subprocess.run(command, cwd=chosen.path, env=env, check=False)
        if done.returncode != 0:
            failed.append(step)
    record_check(root, chosen.number, failed)
    if failed:
        say(click.style(f"{chosen.name}: {', '.join(failed)} failed", fg="red"))
        sys.exit(1)
    say(click.style(f"{chosen.name}: every step passed", fg="green"))


def find(root: Path, wanted: str) -> Lesson:
    for lesson in lessons(root):
        if wanted in (lesson.number, lesson.name) or wanted.zfill(2) == lesson.number:
            if not lesson.exists:
                raise click.BadParameter(
                    f"lesson {lesson.number} is planned: no folder yet", param_hint="LESSON"
                )
            return lesson
    raise click.BadParameter(f"no lesson {wanted!r}; try 00 to 21", param_hint="LESSON")
