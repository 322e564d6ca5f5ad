"""Break it: configuration read lazily in a handler. Same environment, two services.

The environment is missing the link base URL and the signing key, and has a duration in a
form the lazy code cannot parse. Only PATH and these settings reach the processes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from settings_demo import EXIT_CONFIG
from tests.procs import DEADLINE, Launcher, controlled_env, free_port, is_listening


def incomplete_env(port: int) -> dict[str, str]:
    return controlled_env(SIGNER_ENV="prod", SIGNER_HTTP__PORT=str(port), SIGNER_LINKS__TTL="PT5M")


def status_of(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=DEADLINE) as resp:
            json.loads(resp.read())
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def test_broken_lazy_getenv_starts_and_fails_on_the_first_request(launch: Launcher) -> None:
    service = launch("settings-demo-broken", incomplete_env(port=0))

    port = service.ready_port()  # it says it is ready...
    assert status_of(port, "/healthz") == 200  # ...a health check agrees...
    assert status_of(port, "/sign?path=/a.pdf") == 500  # ...and the first user gets a 500
    assert service.proc.poll() is None  # and it keeps running, "healthy", in production


def test_fixed_same_environment_refuses_to_start_and_names_the_settings(
    launch: Launcher,
) -> None:
    port = free_port()
    service = launch("settings-demo-serve", incomplete_env(port))

    assert service.proc.wait(DEADLINE) == EXIT_CONFIG
    assert service.stdout_lines() == []
    stderr = service.stderr()
    assert "SIGNER_LINKS__BASE_URL" in stderr
    assert "SIGNER_SIGNING_KEY" in stderr
    assert "SIGNER_LINKS__TTL" not in stderr  # PT5M is a valid duration for the typed model
    assert not is_listening(port)
