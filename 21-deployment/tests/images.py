"""Build and run the lesson's images with podman, or skip (or fail, when required) saying why.

Each image is built at most once per session, one build at a time in podman's store (so a build
that waits reuses the layers of the one before it). Nothing is removed while the run goes on: a
build in the other worker, or in a lab's nested run, may stand on any layer. The run's first
pytest process notes the store when it starts and, when the run ends, removes every image that
appeared since (tests/conftest.py); only the base and uv images (made once per machine by
`.ci/podman.sh`) stay.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.services import required_services
from tests.support import poll

if sys.platform != "win32":
    import fcntl

LESSON = Path(__file__).resolve().parent.parent
DOCKERFILE = LESSON / "Dockerfile"
BASE_VARIABLE = "COURSE_BASE_IMAGE"
DEFAULT_BASE = "localhost/course-python:3.11-bookworm"
UV_VARIABLE = "COURSE_UV_IMAGE"
SETUP = "`source .ci/podman.sh` from the repository root (as root)"
LABEL = "org.opencontainers.image.title=deployable"  # every layer the Dockerfile makes
BUILD_LOCK = Path(tempfile.gettempdir(), "course-deployable-build.lock")


def base_image() -> str:
    return os.environ.get(BASE_VARIABLE) or DEFAULT_BASE


def uv_image() -> str:
    """The stand-in for the Dockerfile's `UV_IMAGE` that `.ci/podman.sh` makes, same version."""
    pinned = re.search(r"^ARG UV_IMAGE=\S+:(\d+\.\d+\.\d+)$", DOCKERFILE.read_text(), re.M)
    assert pinned is not None, "the Dockerfile pins no ARG UV_IMAGE=...:X.Y.Z"
    return os.environ.get(UV_VARIABLE) or f"localhost/course-uv:{pinned.group(1)}"


def ca_bundle() -> Path:
    """The host's CA bundle, passed to builds as the secret `ca` (it trusts the proxy)."""
    return Path(os.environ.get("SSL_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt")


def podman(
    *args: str, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["podman", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def why_no_podman() -> str | None:
    """None if images can be built here, else the exact reason they cannot."""
    if shutil.which("podman") is None:
        return f"podman is not installed: run {SETUP}, or apt-get install podman buildah runc"
    if os.geteuid() != 0:
        return (
            f"not root (uid {os.geteuid()}): these tests use root podman; run {SETUP} "
            "and the tests as root"
        )
    if not ca_bundle().is_file():
        return f"no CA bundle at {ca_bundle()} for the build secret; set SSL_CERT_FILE"
    if podman("image", "exists", base_image(), check=False).returncode != 0:
        return f"the base image {base_image()} is missing: run {SETUP}, or set {BASE_VARIABLE}"
    if podman("image", "exists", uv_image(), check=False).returncode != 0:
        return f"uv's image {uv_image()} is missing: run {SETUP}, or set {UV_VARIABLE}"
    return None


def require_podman() -> None:
    reason = why_no_podman()
    if reason is None:
        return
    if "podman" in required_services():
        pytest.fail(f"{reason} podman is listed in COURSE_REQUIRE_SERVICES.", pytrace=False)
    pytest.skip(reason)


def skip_reason() -> str:
    """Why README blocks that build images cannot run here ("" when they can, or must)."""
    reason = why_no_podman()
    if reason is None or "podman" in required_services():
        return ""
    return reason


@contextmanager
def one_build_at_a_time() -> Iterator[None]:
    """Hold the build lock: two cold builds side by side would each make every layer."""
    if sys.platform == "win32":  # no podman tests run there (the conftest skips them)
        yield
        return
    with BUILD_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Images:
    """Lazily built images, one tag each; `close()` takes the tags off, and the run's end
    removes the images."""

    def __init__(self) -> None:
        self.suffix = uuid.uuid4().hex[:12]
        self.tags: dict[str, str] = {}

    def get(self, name: str, dockerfile: str = "Dockerfile", target: str | None = None) -> str:
        if name not in self.tags:
            tag = f"localhost/deployable-test-{name}:{self.suffix}"
            args = [
                "build",
                "--format=docker",  # OCI images drop HEALTHCHECK
                "--network=host",
                f"--build-arg=BASE_IMAGE={base_image()}",
                f"--build-arg=UV_IMAGE={uv_image()}",
                f"--secret=id=ca,src={ca_bundle()}",
                f"--file={LESSON / dockerfile}",
                f"--tag={tag}",
            ]
            if target is not None:
                args.append(f"--target={target}")
            with one_build_at_a_time():
                podman(*args, str(LESSON))
            self.tags[name] = tag
        return self.tags[name]

    @property
    def app(self) -> str:
        return self.get("app")

    @property
    def builder(self) -> str:
        return self.get("builder", target="builder")

    @property
    def single_stage(self) -> str:
        return self.get("single", dockerfile="Dockerfile.single-stage")

    def close(self) -> None:
        """Untag, never remove: `podman rmi` would also remove the untagged steps below the
        image, which a build elsewhere may be reusing at that moment."""
        for tag in self.tags.values():
            podman("untag", tag, tag, check=False)  # this name only, not the image's others


def all_image_ids() -> set[str]:
    return set(podman("images", "--all", "--quiet", "--no-trunc").stdout.split())


def remove_leftovers(keep: set[str]) -> None:
    """Remove every image made since `keep` was taken, children before parents, and any
    untagged image of the lesson's (the README's build leaves its step images as a layer
    cache). Only the run's first process calls this, once everything else has ended."""
    for _ in range(8):
        pruned = podman("image", "prune", "--force", f"--filter=label={LABEL}", check=False)
        left = all_image_ids() - keep
        if not left and not pruned.stdout.split():
            return
        for image in left:
            podman("rmi", "--force", image, check=False)


def size_of(image: str) -> int:
    return int(podman("image", "inspect", "--format={{.Size}}", image).stdout.strip())


@contextmanager
def container(image: str, *args: str, command: tuple[str, ...] = ()) -> Iterator[str]:
    """A detached container on a loopback port; removed (forcibly) when the block ends."""
    name = f"t-{uuid.uuid4().hex[:12]}"
    try:
        podman(
            "run",
            "--detach",
            f"--name={name}",
            "--publish=127.0.0.1::8000",
            "--health-interval=disable",
            *args,
            image,
            *command,
        )
        yield name
    finally:
        podman("rm", "--force", "--time=0", name, check=False)


def alive_port(name: str) -> int:
    """The container's loopback port, once /livez answers 200 there."""
    port = host_port(name)
    # One client for the whole poll: each new httpx client parses the CA bundle (CPU the
    # starting container needs more).
    with httpx.Client(timeout=5) as client:

        def alive() -> bool:
            try:
                return client.get(f"http://127.0.0.1:{port}/livez").status_code == 200
            except httpx.TransportError:
                return False

        poll(alive, within=30)
    return port


def host_port(name: str) -> int:
    mapping = podman("port", name, "8000/tcp").stdout.strip()  # 127.0.0.1:43817
    return int(mapping.rsplit(":", 1)[1])


def exit_code(name: str) -> int:
    return int(podman("inspect", "--format={{.State.ExitCode}}", name).stdout.strip())
