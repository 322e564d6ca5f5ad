"""The Kubernetes manifests, rendered per overlay, validated offline, and held to policy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from deployable import RULES
from tests.support import DEAD_DATABASE, environment, running_server

LESSON = Path(__file__).resolve().parent.parent
OVERLAYS = ["dev", "prod"]
KUBERNETES_VERSION = "1.32.0"  # the kubectl on this machine; bump with the cluster
Doc = dict[str, Any]


@cache
def render(overlay: str) -> tuple[Doc, ...]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: it renders the overlays (kubectl kustomize)")
    done = subprocess.run(
        [kubectl, "kustomize", str(LESSON / "k8s" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
    )
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def of_kind(overlay: str, kind: str) -> list[Doc]:
    return [doc for doc in render(overlay) if doc["kind"] == kind]


def pod_specs(overlay: str) -> list[Doc]:
    return [
        doc["spec"]["template"]["spec"]
        for doc in render(overlay)
        if "template" in doc.get("spec", {})
    ]


def deployment(overlay: str) -> Doc:
    (found,) = of_kind(overlay, "Deployment")
    return found


def config(overlay: str) -> dict[str, str]:
    (found,) = of_kind(overlay, "ConfigMap")
    data: dict[str, str] = found["data"]
    return data


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_overlay_validates_strictly(overlay: str, tmp_path: Path) -> None:
    rendered = tmp_path / f"{overlay}.yaml"
    rendered.write_text(yaml.safe_dump_all(render(overlay)))
    tool = shutil.which("kubernetes-validate", path=str(Path(sys.executable).parent))
    assert tool is not None
    done = subprocess.run(
        [tool, "--strict", "--quiet", "-k", KUBERNETES_VERSION, str(rendered)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_policy_every_container_is_bounded_non_root_and_pinned(overlay: str) -> None:
    for spec in pod_specs(overlay):
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        for container in spec["containers"]:
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), container["name"]
            assert "memory" in resources["limits"], container["name"]
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["readOnlyRootFilesystem"] is True
            assert security["capabilities"]["drop"] == ["ALL"]
            image = container["image"]
            assert re.search(r":[\w.-]+$|@sha256:[0-9a-f]{64}$", image), image
            assert not image.endswith(":latest"), image


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_policy_the_server_has_three_probes_and_liveness_is_not_readiness(overlay: str) -> None:
    (app,) = deployment(overlay)["spec"]["template"]["spec"]["containers"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert "httpGet" in app[probe], probe
    assert app["livenessProbe"]["httpGet"]["path"] != app["readinessProbe"]["httpGet"]["path"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_shutdown_fits_in_the_grace_period_and_rollouts_never_lose_capacity(overlay: str) -> None:
    spec = deployment(overlay)["spec"]
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = spec["template"]["spec"]
    (app,) = pod["containers"]
    pause = app["lifecycle"]["preStop"]["sleep"]["seconds"]
    settings = config(overlay)
    needed = pause + float(settings["APP_DRAIN_SECONDS"]) + int(settings["APP_GRACEFUL_SECONDS"])
    assert pod["terminationGracePeriodSeconds"] > needed


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_pdb_covers_the_deployments_pods(overlay: str) -> None:
    (pdb,) = of_kind(overlay, "PodDisruptionBudget")
    labels = deployment(overlay)["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_as_a_job_with_the_real_command(overlay: str) -> None:
    scripts = tomllib.loads((LESSON / "pyproject.toml").read_text())["project"]["scripts"]
    (job,) = of_kind(overlay, "Job")
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert migrate["command"] == ["deployable-migrate"]
    assert migrate["command"][0] in scripts
    (app,) = deployment(overlay)["spec"]["template"]["spec"]["containers"]
    assert "command" not in app  # the pods run the image's CMD, no migration at start


def test_environments_differ_only_in_configuration() -> None:
    images = {c["image"] for o in OVERLAYS for s in pod_specs(o) for c in s["containers"]}
    assert len(images) == 1  # one image everywhere
    assert config("dev")["APP_ENVIRONMENT"] == "dev"
    assert config("prod")["APP_ENVIRONMENT"] == "prod"
    assert config("prod")["APP_EXPOSE_DOCS"] == "false"


def test_the_secret_keys_are_the_files_the_settings_read() -> None:
    (secret,) = of_kind("dev", "Secret")
    wanted = {f"app_{field}" for field in RULES["prod"].required_secrets}
    assert set(secret["data"]) == wanted
    assert of_kind("prod", "Secret") == []  # prod's secret is made in the cluster, not in git
    mounts = deployment("prod")["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    assert {"name": "secrets", "mountPath": "/run/secrets/app", "readOnly": True} in mounts
    assert config("prod")["APP_SECRETS_DIR"] == "/run/secrets/app"


def test_probe_paths_and_port_are_the_apps_real_routes() -> None:
    """Start the real server and ask each probe's path; the named port is the CMD's port."""
    (app,) = deployment("prod")["spec"]["template"]["spec"]["containers"]
    ports = {port["name"]: port["containerPort"] for port in app["ports"]}
    dockerfile = (LESSON / "Dockerfile").read_text()
    with running_server(environment(APP_DATABASE_URL=DEAD_DATABASE)) as server:
        for probe, healthy in (
            ("startupProbe", {200}),
            ("livenessProbe", {200}),
            ("readinessProbe", {200, 503}),  # 503 here: the database is down
        ):
            get = app[probe]["httpGet"]
            assert ports[get["port"]] == 8000
            assert f'"--port", "{ports[get["port"]]}"' in dockerfile
            assert server.get(get["path"]).status_code in healthy, probe
