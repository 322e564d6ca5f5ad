"""The Dockerfile, read without building: hadolint, the pinned base, exec form, the context."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LESSON = Path(__file__).resolve().parent.parent
DOCKERFILE = (LESSON / "Dockerfile").read_text()


def venv_tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found is not None, f"{name} is not in the lesson's venv: run uv sync"
    return found


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "Dockerfile.single-stage"])
def test_hadolint_passes(dockerfile: str) -> None:
    done = subprocess.run(
        [venv_tool("hadolint"), dockerfile], cwd=LESSON, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_the_base_image_is_a_build_arg_pinned_by_digest() -> None:
    assert re.search(r"^ARG BASE_IMAGE=\S+@sha256:[0-9a-f]{64}$", DOCKERFILE, re.MULTILINE)
    froms = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert froms == ["${UV_IMAGE}", "${BASE_IMAGE}", "${BASE_IMAGE}"]


def test_uv_comes_from_its_image_at_an_exact_version() -> None:
    """Not `pip install uv` into a venv of its own: one static binary, copied."""
    assert re.search(r"^ARG UV_IMAGE=ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+$", DOCKERFILE, re.M)
    assert "COPY --from=uv /uv /uvx /bin/" in DOCKERFILE
    assert "pip install" not in DOCKERFILE


def test_cmd_is_exec_form_and_matches_the_exposed_port() -> None:
    cmd = re.search(r"^CMD (.+)$", DOCKERFILE, re.MULTILINE)
    assert cmd is not None
    argv = json.loads(cmd.group(1))
    assert argv[0] == "deployable-serve"
    assert argv[argv.index("--port") + 1] == "8000"
    assert re.search(r"^EXPOSE 8000$", DOCKERFILE, re.MULTILINE)


def test_build_secrets_are_mounted_never_copied() -> None:
    assert "--mount=type=secret,id=ca" in DOCKERFILE
    assert not re.search(r"^(COPY|ADD)\s.*\.(pem|crt)", DOCKERFILE, re.MULTILINE)
    assert not re.search(r"^(ARG|ENV)\s.*(TOKEN|PASSWORD|SECRET)", DOCKERFILE, re.MULTILINE)


def test_dockerignore_lets_only_the_project_into_the_context() -> None:
    rules = [
        line
        for line in (LESSON / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert rules[0] == "*"
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    assert allowed == {"pyproject.toml", "uv.lock", "README.md", "src"}
