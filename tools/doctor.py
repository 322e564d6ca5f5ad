#!/usr/bin/env python3
"""Is this machine ready for the course? Run it before lesson 00:

    python3 tools/doctor.py

It checks Python, uv, Docker with compose v2, and each course service at the URL a lesson will
use (the COURSE_* variables, or the docker-compose.yml defaults). For each it prints OK, or what
is wrong and the exact command that fixes it. It speaks a few bytes of each service's own
protocol, so "something else holds port 5432" is told apart from "Postgres is down".

Exit codes: 0 when everything a lesson needs is there, 1 when something is missing, 2 on a
usage error. Docker problems are warnings (exit 0) when the services are reachable anyway,
for example when they run natively.

Standard library only, so it runs before uv or any lesson is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

MIN_PYTHON = (3, 11)
TIMEOUT = 2.0
START = "docker compose up -d --wait"

# service -> (environment variable, default URL, protocol name)
SERVICES: dict[str, tuple[str, str, str]] = {
    "postgres": (
        "COURSE_POSTGRES_URL",
        "postgresql://course:course@127.0.0.1:5432/course",
        "PostgreSQL",
    ),
    "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:3306/course", "MySQL"),
    "redis": ("COURSE_REDIS_URL", "redis://127.0.0.1:6379/0", "Redis"),
    "rabbitmq": ("COURSE_AMQP_URL", "amqp://course:course@127.0.0.1:5672/course", "AMQP 0-9-1"),
    "elasticsearch": ("COURSE_ELASTICSEARCH_URL", "http://127.0.0.1:9200", "Elasticsearch"),
}
DEFAULT_PORTS = {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "redis": 6379, "amqp": 5672}
ES_MAJOR = 8  # the course pins elasticsearch-py 8.19.x; a 9.x client cannot talk to 8.x


class NotThatService(Exception):
    """The port answered, but not with the protocol we expected."""


@dataclass(frozen=True)
class Check:
    status: str  # OK, WARN, FAIL or SKIP
    name: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"  {self.status:<5} {self.name:<14} {self.detail}"
        return f"{text}\n{'':22}fix: {self.fix}" if self.fix else text


def redacted(url: str) -> str:
    """The URL with its password replaced, safe to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


# --- tools --------------------------------------------------------------------------------


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return Check("OK", "python", f"{version} at {sys.executable}")
    return Check(
        "FAIL",
        "python",
        f"{version} is older than 3.11",
        "install Python 3.11 or newer (https://www.python.org/downloads/) and run the doctor "
        "with it",
    )


def command_output(*command: str) -> tuple[int, str]:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return done.returncode, (done.stdout or done.stderr).strip()


def check_uv() -> Check:
    path = shutil.which("uv")
    if path is None:
        return Check(
            "FAIL",
            "uv",
            "not found on PATH",
            "python3 -m pip install --user uv   (or see https://docs.astral.sh/uv/)",
        )
    code, out = command_output(path, "--version")
    if code != 0:
        return Check("FAIL", "uv", f"{path} --version failed: {out}", "reinstall uv")
    return Check("OK", "uv", out)


def check_docker() -> list[Check]:
    """Docker is how learners start the services; its problems are warnings, not failures."""
    if shutil.which("docker") is None:
        return [
            Check(
                "WARN",
                "docker",
                "not found on PATH: you need it to start the course's services",
                "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/",
            )
        ]
    checks = []
    code, out = command_output("docker", "compose", "version", "--short")
    if code == 0:
        checks.append(Check("OK", "compose", f"docker compose v{out.removeprefix('v')}"))
    elif shutil.which("docker-compose"):
        checks.append(
            Check(
                "WARN",
                "compose",
                "only the old docker-compose (v1) is installed; it is end-of-life and has no "
                "`up --wait`",
                "install the Compose v2 plugin: https://docs.docker.com/compose/install/linux/",
            )
        )
    else:
        checks.append(
            Check(
                "WARN",
                "compose",
                "`docker compose` (v2) is missing",
                "install the Compose v2 plugin: https://docs.docker.com/compose/install/linux/",
            )
        )
    code, out = command_output("docker", "info", "--format", "{{.ServerVersion}}")
    if code == 0:
        checks.append(Check("OK", "docker", f"engine {out}"))
    else:
        checks.append(
            Check(
                "WARN",
                "docker",
                "the client is installed but no Docker engine answers",
                "start Docker (Docker Desktop, or `sudo systemctl start docker` on Linux)",
            )
        )
    return checks


# --- services: a few bytes of each protocol --------------------------------------------------


def recv_some(sock: socket.socket, size: int = 64) -> bytes:
    data = sock.recv(size)
    if not data:
        raise NotThatService("the server closed the connection without a word")
    return data


def probe_postgres(sock: socket.socket) -> str:
    # SSLRequest: length 8, magic 80877103. A PostgreSQL server answers with one byte, S or N.
    sock.sendall(struct.pack("!ii", 8, 80877103))
    reply = recv_some(sock, 1)
    if reply not in (b"S", b"N"):
        raise NotThatService(f"answered {reply!r} to an SSLRequest")
    return "speaks PostgreSQL"


def probe_mysql(sock: socket.socket) -> str:
    # The server talks first: a packet whose payload starts with protocol version 10.
    packet = recv_some(sock, 256)
    if len(packet) < 6 or packet[4] != 10:
        raise NotThatService("sent no MySQL handshake")
    version = packet[5:].split(b"\0", 1)[0].decode("ascii", "replace")
    return f"speaks MySQL protocol, server {version}"


def probe_redis(sock: socket.socket) -> str:
    sock.sendall(b"PING\r\n")
    reply = recv_some(sock)
    if reply.startswith(b"+PONG"):
        return "speaks Redis (PING -> PONG)"
    if reply.startswith(b"-NOAUTH"):
        return "speaks Redis, and wants a password: put it in COURSE_REDIS_URL"
    raise NotThatService(f"answered {reply[:20]!r} to PING")


def probe_amqp(sock: socket.socket) -> str:
    sock.sendall(b"AMQP\x00\x00\x09\x01")
    reply = recv_some(sock, 16)
    # A method frame (type 1) on channel 0 carrying connection.start (class 10, method 10).
    if len(reply) >= 11 and reply[0] == 1 and reply[7:11] == b"\x00\x0a\x00\x0a":
        return "speaks AMQP 0-9-1"
    raise NotThatService(f"answered {reply[:16]!r} to an AMQP 0-9-1 header")


PROBES: dict[str, Callable[[socket.socket], str]] = {
    "postgres": probe_postgres,
    "mysql": probe_mysql,
    "redis": probe_redis,
    "rabbitmq": probe_amqp,
}


def service_url(name: str) -> str:
    variable, default, _ = SERVICES[name]
    return os.environ.get(variable) or default


def start_fix(name: str) -> str:
    variable = SERVICES[name][0]
    return f"{START} {name}   (or set {variable} to where your {name} runs)"


def check_service(name: str) -> Check:
    url = service_url(name)
    _, _, protocol = SERVICES[name]
    if name == "elasticsearch":
        return check_elasticsearch(url)
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme.split("+")[0]]
    except (ValueError, KeyError):
        return Check("FAIL", name, f"cannot read the URL {redacted(url)}", "fix the URL")
    where = f"{host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as sock:
            sock.settimeout(TIMEOUT)
            what = PROBES[name](sock)
    except ConnectionRefusedError:
        return Check("FAIL", name, f"nothing listens on {where}", start_fix(name))
    except NotThatService as exc:
        return Check(
            "FAIL",
            name,
            f"{where} answers but is not {protocol}: {exc}",
            f"another program holds port {port}; find it with `ss -ltnp 'sport = :{port}'` "
            f"(or `lsof -i :{port}`), stop it, then {START} {name}",
        )
    except TimeoutError:
        return Check(
            "FAIL",
            name,
            f"{where} did not answer within {TIMEOUT:.0f}s (starting up, or a firewall)",
            f"wait for the healthcheck: {START} {name}; check `docker compose ps`",
        )
    except OSError as exc:
        return Check("FAIL", name, f"{where}: {exc}", start_fix(name))
    return Check("OK", name, f"{where} {what} ({redacted(url)})")


def check_elasticsearch(url: str) -> Check:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            body = json.loads(response.read())
        number = str(body["version"]["number"])
    except urllib.error.HTTPError as exc:
        return Check(
            "FAIL", "elasticsearch", f"{url} answered HTTP {exc.code}", f"{START} elasticsearch"
        )
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(
            "FAIL",
            "elasticsearch",
            f"no answer from {url} ({reason})",
            f"{START} elasticsearch   (lesson 17 only; it needs about 1 GiB of memory)",
        )
    except (ValueError, KeyError, TypeError):
        return Check(
            "FAIL",
            "elasticsearch",
            f"{url} answers but is not Elasticsearch",
            "another program holds the port; stop it, then " + f"{START} elasticsearch",
        )
    major = int(number.split(".")[0])
    if major != ES_MAJOR:
        return Check(
            "FAIL",
            "elasticsearch",
            f"server {number}, but the course's client is 8.19.x and needs an 8.x server",
            "use the image in docker-compose.yml: docker compose up -d --wait elasticsearch",
        )
    return Check("OK", "elasticsearch", f"{url} Elasticsearch {number}")


# --- the command -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    names = ", ".join(SERVICES)
    parser = argparse.ArgumentParser(
        prog="doctor",
        description="Check that this machine is ready for the course. Exit 0 when it is, "
        "1 when something a lesson needs is missing.",
        epilog=f"Services: {names}. Their URLs come from the COURSE_* variables "
        "(see the root README).",
    )
    parser.add_argument(
        "--only",
        metavar="SERVICES",
        type=service_list,
        help="check only these services (comma list), e.g. --only postgres,redis",
    )
    parser.add_argument(
        "--skip",
        metavar="SERVICES",
        type=service_list,
        default=[],
        help="do not require these services (comma list), e.g. --skip elasticsearch",
    )
    return parser.parse_args(argv)


def service_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in SERVICES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown service {', '.join(unknown) or repr(value)}; choose from "
            + ", ".join(SERVICES)
        )
    return names


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = args.only or list(SERVICES)
    print("Course doctor: is this machine ready for the course?\n")
    checks = [check_python(), check_uv(), *check_docker()]
    for name in wanted:
        if name in args.skip:
            checks.append(Check("SKIP", name, "not checked (--skip)"))
        else:
            checks.append(check_service(name))
    for check in checks:
        print(check.line())
    failed = [check for check in checks if check.status == "FAIL"]
    print()
    if failed:
        names = ", ".join(check.name for check in failed)
        print(
            f"{len(failed)} problem(s): {names}. Apply the fixes above, then run the doctor again."
        )
        return 1
    print("Ready. Start with 00-python-basics/README.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
