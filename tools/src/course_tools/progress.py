"""What a learner has done, read from what earlier runs left behind. Nothing here runs a suite.

Sources, all inside the learner's own checkout (and all git-ignored):
- `NN-*/.pytest_cache/v/course/progress`, written by every lesson's conftest.py after each
  pytest run: the last whole-suite result, each exercise's last outcome, the labs applied;
- `.course/checks.json`, written by `course check NN`: the five steps of the root runner.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

ROW = re.compile(
    r"^\| (\d\d) \| (?:\[([^\]]+)\]\([^)]*\)|(\S+) \(planned\)) \| ([^|]+) \|.*\| ([^|]+) \|$"
)
SKIP_REASON = re.compile(r'reason="exercise (\d+):')
# service -> (variable, default URL): the same names and defaults as tools/doctor.py and compose.
SERVICES: dict[str, tuple[str, str]] = {
    "postgres": ("COURSE_POSTGRES_URL", "postgresql://course:course@127.0.0.1:5432/course"),
    "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:3306/course"),
    "redis": ("COURSE_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": ("COURSE_AMQP_URL", "amqp://course:course@127.0.0.1:5672/course"),
    "elasticsearch": ("COURSE_ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
}
PORTS = {"postgresql": 5432, "mysql": 3306, "redis": 6379, "amqp": 5672, "http": 9200}


class CheckRecord(TypedDict):
    at: float  # time.time() when `course check` finished
    failed: list[str]  # the steps that failed; empty when the lesson is green


def course_root() -> Path:
    """The checkout: $COURSE_ROOT, else the folder that holds tools/ (this file's home)."""
    if root := os.environ.get("COURSE_ROOT"):
        return Path(root).resolve()
    return Path(__file__).resolve().parents[3]


@dataclass
class Lesson:
    """One row of the root README's lessons table, and what the learner did in it."""

    number: str
    name: str
    title: str
    services: list[str]
    path: Path
    suite: str = "not run"  # not run, green or red
    suite_at: float = 0.0
    failed_steps: list[str] = field(default_factory=list)
    exercises: dict[str, str] = field(default_factory=dict)  # number -> last outcome
    exercise_total: int = 0
    labs: list[str] = field(default_factory=list)  # every labs/*.patch
    labs_tried: list[str] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return (self.path / "pyproject.toml").is_file()

    @property
    def exercises_done(self) -> list[str]:
        return sorted(n for n, outcome in self.exercises.items() if outcome == "passed")


def lessons(root: Path) -> list[Lesson]:
    """Every lesson in the root README's table, in order, with its recorded progress."""
    found = []
    for line in (root / "README.md").read_text().splitlines():
        match = ROW.match(line)
        if not match:
            continue
        number, linked, planned, title, services = match.groups()
        name = linked or planned
        wanted = [s.strip() for s in services.split(",") if s.strip() in SERVICES]
        lesson = Lesson(number, name, title.strip(), wanted, root / name)
        if lesson.exists:
            read_progress(lesson, root)
        found.append(lesson)
    return found


def read_progress(lesson: Lesson, root: Path) -> None:
    lesson.labs = sorted(
        p.relative_to(lesson.path).as_posix() for p in lesson.path.glob("labs/*.patch")
    )
    skips: set[str] = set()
    for test in lesson.path.glob("tests/test_*.py"):
        skips |= set(SKIP_REASON.findall(test.read_text()))
    solutions = {
        p.stem.removeprefix("exercise-") for p in lesson.path.glob("solutions/exercise-*.patch")
    }
    lesson.exercise_total = len(skips | solutions)
    cached = lesson.path / ".pytest_cache/v/course/progress"
    recorded = json.loads(cached.read_text()) if cached.is_file() else {}
    lesson.exercises = dict(recorded.get("exercises", {}))
    lesson.labs_tried = [lab for lab in recorded.get("labs", []) if lab in lesson.labs]
    if suite := recorded.get("suite"):
        lesson.suite = "green" if suite["green"] else "red"
        lesson.suite_at = float(suite["at"])
    check = load_checks(root).get(lesson.number)
    if check and check["at"] >= lesson.suite_at:  # the newer of the two counts
        lesson.suite_at = check["at"]
        lesson.failed_steps = check["failed"]
        lesson.suite = "red" if lesson.failed_steps else "green"


def checks_file(root: Path) -> Path:
    return root / ".course" / "checks.json"


def load_checks(root: Path) -> dict[str, CheckRecord]:
    path = checks_file(root)
    if not path.is_file():
        return {}
    data: dict[str, CheckRecord] = json.loads(path.read_text())
    return data


def record_check(root: Path, number: str, failed: list[str]) -> None:
    checks = load_checks(root)
    checks[number] = CheckRecord(at=time.time(), failed=failed)
    path = checks_file(root)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(checks, indent=2, sort_keys=True) + "\n")


def answers(service: str, wait: float = 0.3) -> bool:
    """Does something accept a TCP connection where the lesson will look for this service?"""
    variable, default = SERVICES[service]
    url = urlsplit(os.environ.get(variable) or default)
    try:
        port = url.port or PORTS.get(url.scheme, 0)
        with socket.create_connection((url.hostname or "127.0.0.1", port), timeout=wait):
            return True
    except (OSError, ValueError):
        return False
