"""The container's contract with its runtime: how it is checked, and how it is stopped
(`podman stop`: SIGTERM, then SIGKILL after the timeout), with a request in flight."""

from __future__ import annotations

import json
import subprocess

from tests.images import Images, alive_port, container, exit_code, podman
from tests.support import HeldRequest, poll

STOP_TIMEOUT = 3  # seconds podman waits after SIGTERM before it sends SIGKILL


def test_fixed_podman_stop_drains_the_request_in_flight(images: Images) -> None:
    """Exec-form CMD: the server is PID 1, hears SIGTERM, finishes the request, exits 0."""
    with container(images.app) as name:
        port = alive_port(name)
        held = HeldRequest(port)
        held.open()
        stop = subprocess.Popen(
            ["podman", "stop", f"--time={STOP_TIMEOUT}", name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # Either the server logs that shutdown started, or podman gives up and kills it.
            poll(
                lambda: (
                    "shutdown started" in podman("logs", name).stderr or stop.poll() is not None
                ),
                within=30,
                every=0.2,  # each look is a podman process
            )
            status = held.finish()
            stop.wait(timeout=30)
        finally:
            if stop.poll() is None:
                stop.kill()
                stop.wait()
        assert (status, exit_code(name)) == (200, 0)


def test_healthcheck_is_declared_in_exec_form_on_livez(images: Images) -> None:
    inspected = podman("image", "inspect", "--format={{json .Config.Healthcheck}}", images.app)
    check = json.loads(inspected.stdout)
    assert check["Test"][0] == "CMD"  # exec form: no shell needed in the image
    assert any("/livez" in part for part in check["Test"])
