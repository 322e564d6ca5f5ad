"""docker-compose.yml is what learners run: it must be valid and give what the lessons expect.

No Docker engine runs on the course's CI machines, so the file is checked statically: against
the Compose specification's JSON schema, and for the promises the root README makes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SERVICES = ["postgres", "mysql", "redis", "rabbitmq", "elasticsearch"]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def test_file_is_valid_against_the_compose_spec() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_course_service_is_defined(compose: dict[str, Any]) -> None:
    """`docker compose up` starts exactly the course's services; extras sit behind a profile."""
    default = [name for name, service in compose["services"].items() if not service.get("profiles")]
    assert sorted(default) == sorted(SERVICES)


def test_lesson_20s_observability_profile_is_off_by_default_and_loopback_only(
    compose: dict[str, Any],
) -> None:
    extras = {name: s for name, s in compose["services"].items() if s.get("profiles")}
    assert sorted(extras) == ["jaeger", "prometheus"]
    for name, service in extras.items():
        assert service["profiles"] == ["observability"], name
        assert all(str(port).startswith("127.0.0.1:") for port in service.get("ports", [])), name
    # Prometheus shares the host's network to reach a shop on 127.0.0.1, and listens there only.
    assert "--web.listen-address=127.0.0.1:9090" in extras["prometheus"]["command"]
    mounted = [v.split(":")[0] for v in extras["prometheus"]["volumes"] if v.startswith("./")]
    assert all((ROOT / path).is_file() for path in mounted), mounted


@pytest.mark.parametrize("service", SERVICES)
def test_ports_are_bound_to_loopback_only(compose: dict[str, Any], service: str) -> None:
    ports = compose["services"][service]["ports"]
    assert ports, f"{service} publishes no port"
    assert all(str(port).startswith("127.0.0.1:") for port in ports), ports


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_healthcheck_so_up_wait_works(
    compose: dict[str, Any], service: str
) -> None:
    check = compose["services"][service]["healthcheck"]
    assert check["test"], f"{service} has an empty healthcheck"
    assert "retries" in check


@pytest.mark.parametrize("service", SERVICES)
def test_data_lives_in_named_volumes(compose: dict[str, Any], service: str) -> None:
    mounts = [str(v).split(":")[0] for v in compose["services"][service]["volumes"]]
    named = [m for m in mounts if not m.startswith(("./", "/"))]
    assert named, f"{service} keeps its data in no named volume"
    assert all(name in compose["volumes"] for name in named)


def test_init_files_mounted_from_compose_folder_exist(compose: dict[str, Any]) -> None:
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = str(volume).split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).is_file(), f"{source} is mounted but missing"


def test_images_are_the_versions_the_course_promises(compose: dict[str, Any]) -> None:
    images = {name: spec["image"] for name, spec in compose["services"].items()}
    assert images["postgres"] == "postgres:17"
    assert images["mysql"] == "mysql:8.4"
    assert images["redis"] == "redis:7"
    assert images["rabbitmq"] == "rabbitmq:4-management"
    # The course's elasticsearch-py is 8.19.x: a 9.x client cannot talk to an 8.x server,
    # so server and client must share the major version.
    assert images["elasticsearch"].rsplit(":", 1)[1].startswith("8.19.")


def test_elasticsearch_is_single_node_without_security_and_bounded_heap(
    compose: dict[str, Any],
) -> None:
    env = compose["services"]["elasticsearch"]["environment"]
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert "-Xmx512m" in env["ES_JAVA_OPTS"]
