"""Find the course's services, or skip (or fail, when required) with a reason that helps.

The reference copy of the course's service-fixture convention (CONTRIBUTING.md shows it);
each lesson that needs a service carries its own copy.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit, urlunsplit

import pytest

DEFAULTS = {
    "postgres": ("COURSE_POSTGRES_URL", "postgresql://course:course@127.0.0.1:5432/course"),
    "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:3306/course"),
    "redis": ("COURSE_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": ("COURSE_AMQP_URL", "amqp://course:course@127.0.0.1:5672/course"),
    "elasticsearch": ("COURSE_ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
}
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "redis": 6379, "amqp": 5672, "http": 80}


def service_url(service: str) -> str:
    """The URL for a service, from its COURSE_* variable or the compose default."""
    variable, default = DEFAULTS[service]
    return os.environ.get(variable) or default


def redacted(url: str) -> str:
    """The URL with its password replaced, safe for a skip reason or a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def required_services() -> set[str]:
    raw = os.environ.get("COURSE_REQUIRE_SERVICES", "")
    return {name.strip() for name in raw.split(",") if name.strip()}


def require(service: str, timeout: float = 2.0) -> str:
    """Return the service URL if its port accepts a connection; otherwise skip or fail."""
    url = service_url(service)
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or DEFAULT_PORTS[parts.scheme.split("+")[0]]
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return url
    except OSError as exc:
        variable = DEFAULTS[service][0]
        reason = (
            f"{service} is not reachable at {redacted(url)} ({exc}). Start it with "
            f"`docker compose up -d --wait {service}` from the repository root, or point "
            f"{variable} at a running server."
        )
        if service in required_services():
            pytest.fail(f"{reason} It is listed in COURSE_REQUIRE_SERVICES.", pytrace=False)
        pytest.skip(reason)


def skip_reason(*services: str, timeout: float = 2.0) -> str:
    """Why README examples that need `services` cannot run here ("" when they can).

    A service listed in COURSE_REQUIRE_SERVICES never gives a reason: the example runs and
    fails, exactly as `require` fails instead of skipping.
    """
    for service in services:
        url = service_url(service)
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS[parts.scheme.split("+")[0]]
        try:
            with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout):
                continue
        except OSError as exc:
            if service in required_services():
                continue
            return (
                f"{service} is not reachable at {redacted(url)} ({exc}): start it with "
                f"`docker compose up -d --wait {service}` or set {DEFAULTS[service][0]}"
            )
    return ""
