"""A real Prometheus (Debian's 2.42, extracted, not installed) scrapes the shop; PromQL over its
HTTP API sees what the shop counted. promtool checks the SLO rule and proves the alert fires."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from shopwatch import Settings, create_app
from tests.support import LESSON, serve_in_thread, wait_for


def free_port() -> int:
    # Prometheus takes an address, not a socket; a port just freed is the best it can get.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def shop_url(redis_url: str) -> Iterator[str]:
    settings = Settings(redis_url=redis_url, pricing_url="http://127.0.0.1:1")
    with serve_in_thread(create_app(settings)) as url:
        yield url


def query(client: httpx.Client, api: str, promql: str) -> list[dict[str, object]]:
    answer = client.get(f"{api}/api/v1/query", params={"query": promql}).json()
    assert answer["status"] == "success", answer
    result: list[dict[str, object]] = answer["data"]["result"]
    return result


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """One client for the test's many requests: every new httpx client (`httpx.get` makes one)
    parses the CA bundle for TLS, which a poll loop of plain-HTTP requests pays each time."""
    with httpx.Client() as client:
        yield client


def test_prometheus_scrapes_the_shop_and_promql_sees_the_requests(
    prometheus_bin: str, shop_url: str, tmp_path: Path, client: httpx.Client
) -> None:
    target = shop_url.removeprefix("http://")
    (tmp_path / "prometheus.yml").write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        f"  - {{job_name: shop, static_configs: [{{targets: ['{target}']}}]}}\n"
    )
    for _ in range(5):
        client.get(f"{shop_url}/healthz")
    port = free_port()
    log = (tmp_path / "prometheus.log").open("w")
    proc = subprocess.Popen(
        [
            prometheus_bin,
            f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    api = f"http://127.0.0.1:{port}"
    try:

        def healthz_count() -> float | None:
            try:
                ready = client.get(f"{api}/-/ready").status_code == 200
            except httpx.TransportError:
                return None  # not listening yet
            if not ready:
                return None  # listening, still starting: queries answer 503
            result = query(client, api, 'sum(shopwatch_http_requests_total{route="/healthz"})')
            return float(result[0]["value"][1]) if result else None  # type: ignore[index]

        assert wait_for(healthz_count, "the first scrape", deadline=60) == 5.0
        (up,) = query(client, api, 'up{job="shop"}')
        assert up["value"][1] == "1"  # type: ignore[index]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_the_slo_rule_file_is_valid(promtool_bin: str) -> None:
    done = subprocess.run(
        [promtool_bin, "check", "rules", "ops/alerts.yml"],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 2 rules found" in done.stdout


def test_the_alert_fires_on_a_slow_week_and_only_after_its_for(promtool_bin: str) -> None:
    done = subprocess.run(
        [promtool_bin, "test", "rules", "alerts.test.yml"],
        cwd=LESSON / "ops",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
