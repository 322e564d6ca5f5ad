"""What README.md and deeper.md claim about the flow, checked against a real server."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.procs import DEADLINE, Server
from tests.support import PASSWORD

LESSON = Path(__file__).parent.parent
DOCS = [LESSON / "README.md", LESSON / "deeper.md"]


def diagram() -> str:
    text = (LESSON / "deeper.md").read_text()
    return text.split("```mermaid\n", 1)[1].split("```", 1)[0]


def test_readme_rotation_diagram_shows_the_status_codes_the_server_returns(
    server: Server,
) -> None:
    """Replays the diagram's requests in order; its `API-->>Client: NNN` arrows must match."""
    shown = [int(code) for code in re.findall(r"^\s*API-->>Client: (\d{3})", diagram(), re.M)]
    requests = re.findall(r"^\s*Client->>API: POST (/\w+) \((.*?)\)", diagram(), re.M)
    assert [path for path, _ in requests] == [
        "/login",
        "/refresh",
        "/refresh",
        "/refresh",
        "/login",
    ]

    credentials = {"username": "alice", "password": PASSWORD}
    httpx.post(f"{server.url}/register", json=credentials, timeout=DEADLINE)
    tokens: dict[str, str] = {}
    got = []
    for path, argument in requests:
        if path == "/login":
            response = httpx.post(f"{server.url}/login", json=credentials, timeout=DEADLINE)
        else:
            body = {"refresh_token": tokens[argument]}
            response = httpx.post(f"{server.url}{path}", json=body, timeout=DEADLINE)
        got.append(response.status_code)
        if response.status_code == 200:
            # The diagram names refresh tokens A, B, C in the order they are handed out.
            tokens["ABC"[len(tokens)]] = response.json()["refresh_token"]
    assert got == shown == [200, 200, 401, 401, 200]


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_docs_name_tests_that_exist(doc: Path) -> None:
    """Every `tests/...py::test_name` (and `::test_name` after it) cited is a real test."""
    cited = re.findall(r"`tests/(test_\w+\.py)::(test_\w+)", doc.read_text())
    assert cited
    for filename, name in cited:
        source = (LESSON / "tests" / filename).read_text()
        assert f"def {name}(" in source, f"{filename}::{name}"
