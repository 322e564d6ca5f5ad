"""The image, really built and run with podman: non-root, no compiler, smaller than one
stage, answering on a loopback port, and refusing prod without its secrets."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.images import Images, alive_port, container, podman, size_of

BUILD_TOOLS = "for t in gcc cc c++ make uv uvx pip; do command -v $t; done; echo end"


def test_image_runs_as_a_numeric_non_root_user_and_holds_no_compiler(images: Images) -> None:
    config = json.loads(podman("image", "inspect", "--format={{json .Config}}", images.app).stdout)
    assert config["User"] == "10001:10001"
    assert config["Cmd"][0] == "deployable-serve"  # exec form: no /bin/sh -c in front
    done = podman("run", "--rm", images.app, "sh", "-c", f"id -u; {BUILD_TOOLS}")
    assert done.stdout.split() == ["10001", "end"]


def test_single_stage_image_is_bigger_and_ships_the_build_tools(images: Images) -> None:
    shipped = podman("run", "--rm", images.single_stage, "sh", "-c", BUILD_TOOLS).stdout.split()
    assert [Path(tool).name for tool in shipped if "/uv" in tool] == ["uv", "uvx"]
    assert size_of(images.app) < size_of(images.single_stage)


def test_container_answers_on_a_loopback_port_and_passes_its_healthcheck(images: Images) -> None:
    with container(images.app) as name:
        url = f"http://127.0.0.1:{alive_port(name)}"
        # No database inside the container's network: ready says no, alive says yes.
        ready = httpx.get(f"{url}/readyz", timeout=10)
        assert (ready.status_code, ready.json()) == (503, {"status": "database unreachable"})
        assert podman("healthcheck", "run", name, check=False).returncode == 0


def test_the_same_image_refuses_prod_without_its_secrets(images: Images) -> None:
    done = podman(
        "run",
        "--rm",
        "--env=APP_ENVIRONMENT=prod",
        "--env=APP_EXPOSE_DOCS=false",
        images.app,
        check=False,
    )
    assert done.returncode == 78
    assert "APP_DATABASE_URL" in done.stderr
    assert "APP_UPSTREAM_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_same_image_starts_in_prod_with_secrets_mounted_as_files(
    images: Images, tmp_path: Path
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "app_database_url").write_text("postgresql://app:s3cret@db:5432/app")
    (secrets / "app_upstream_token").write_text("prod-token")
    for path in (tmp_path, secrets, *secrets.iterdir()):
        path.chmod(0o755)  # readable by the image's user 10001, as a Secret volume is
    args = (
        "--env=APP_ENVIRONMENT=prod",
        "--env=APP_EXPOSE_DOCS=false",
        "--env=APP_UPSTREAM_URL=https://greeter.example.com",
    )
    with container(images.app, *args, f"--volume={secrets}:/run/secrets/app:ro") as name:
        url = f"http://127.0.0.1:{alive_port(name)}"
        assert httpx.get(f"{url}/docs", timeout=5).status_code == 404  # prod rule: no docs
