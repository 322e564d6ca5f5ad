"""GO-INDEX.md maps the Go course's packages and ideas to lessons; every row links a lesson
section that exists, and the root README points to the page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
INDEX = (ROOT / "GO-INDEX.md").read_text()
LINK = re.compile(r"\[[^\]]+\]\(([^)#]+)#([^)]+)\)")
# The Go packages and ideas the original course uses (issue 18 names these).
GO_NAMES = [
    "context.Context",
    "net/http",
    "database/sql",
    "sqlc",
    "GORM",
    "errgroup",
    "x/time/rate",
    "go-redis",
    "amqp091-go",
    "River",
    "asynq",
    "grpc-go",
    "gorilla/websocket",
    "olivere/elastic",
    "testify",
    "httptest",
    "otel-go",
    "client_golang",
    "distroless",
]


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def rows() -> list[str]:
    return [line for line in INDEX.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_every_row_links_an_existing_lesson_section() -> None:
    assert len(rows()) >= 20
    for row in rows():
        links = LINK.findall(row)
        assert links, f"no lesson link in: {row}"
        for target, anchor in links:
            document = ROOT / target
            assert document.is_file(), f"{target} does not exist"
            headings = re.findall(r"^#+ (.+)$", document.read_text(), re.M)
            assert anchor in {slug(h) for h in headings}, f"{target} has no section #{anchor}"


def test_the_index_names_every_go_package_the_course_replaces() -> None:
    missing = [name for name in GO_NAMES if name not in INDEX]
    assert not missing, missing


def test_the_root_readme_links_the_index() -> None:
    assert "(GO-INDEX.md)" in (ROOT / "README.md").read_text()
