"""Real processes: `shopwatch-serve` for the shop and the pricing service, exporting spans over
OTLP/HTTP to a receiver the test runs; several uvicorn workers and their counters."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx2 as httpx
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.otlp import otlp_receiver
from tests.support import LESSON, Service, environment, running


def test_one_trace_crosses_two_processes_and_reaches_the_otlp_receiver(
    redis_url: str, key_prefix: str
) -> None:
    redis.Redis.from_url(redis_url).set(f"{key_prefix}stock:apple", 2)
    with otlp_receiver() as (receiver, endpoint):
        common = {"SHOPWATCH_OTLP_ENDPOINT": endpoint, "SHOPWATCH_REDIS_URL": redis_url}
        with running("pricing", environment(**common)) as pricing:
            shop_env = environment(
                **common, SHOPWATCH_PRICING_URL=pricing.url, SHOPWATCH_KEY_PREFIX=key_prefix
            )
            with running("shop", shop_env) as shop:
                assert httpx.get(f"{shop.url}/items/apple").json()["price"] == 6.3
                assert shop.stop() == 0  # SIGTERM: drained, spans flushed, exit 0
            assert pricing.stop() == 0
        spans = {(s.service, s.name): s for s in receiver.spans}

    shop_server = spans["shop", "GET /items/{item_id}"]
    shop_client = spans["shop", "GET /prices/{item_id}"]
    pricing_server = spans["pricing", "GET /prices/{item_id}"]
    assert shop_client.trace_id == pricing_server.trace_id == shop_server.trace_id
    assert pricing_server.parent_span_id == shop_client.span_id  # the `traceparent` hop
    assert shop_client.parent_span_id == shop_server.span_id
    assert shop_server.parent_span_id == ""  # the root


def test_bad_settings_exit_78_naming_every_variable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shopwatch.serve", "shop", "--port", "0"],
        cwd=LESSON,
        env=environment(SHOPWATCH_TRACE_RATIO="2", SHOPWATCH_WORKERS="zero"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 78
    assert "SHOPWATCH_TRACE_RATIO" in done.stderr
    assert "SHOPWATCH_WORKERS" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error_naming_the_option() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shopwatch.serve", "shop", "--port", "70000"],
        cwd=LESSON,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("usage: shopwatch-serve")
    assert "argument --port" in done.stderr
    assert "Traceback" not in done.stderr


def request_counts(
    url: str, requests: int, *, settle: bool = False
) -> tuple[set[str], list[float]]:
    """Send `requests` requests on new connections until two workers have answered; then what
    ten scrapes say the total is.

    The middleware counts a request once its response has gone out, so the client can have
    the last answer before its worker has counted it (a few milliseconds): with `settle`, the
    ten scrapes start once one scrape has reached the number sent, for at most 2 s.
    """
    pids: set[str] = set()
    sent = 0
    # `Connection: close`: a new connection for each request, so any worker may take it. One
    # client for all of them: each new httpx client parses the CA bundle for TLS.
    with httpx.Client(base_url=url, headers={"Connection": "close"}) as client:
        while sent < requests or len(pids) < 2:
            pids.add(client.get("/items/x/receipt").headers["x-worker-pid"])
            sent += 1
            assert sent < 2000, "only one worker ever answered"
        deadline = time.monotonic() + 2
        while settle and receipts_counted(client.get("/metrics").text) < sent:
            assert time.monotonic() < deadline, "no scrape ever counted every request"
            time.sleep(0.01)
        totals = [receipts_counted(client.get("/metrics").text) for _ in range(10)]
    return pids, [float(sent), *totals]


def receipts_counted(text: str) -> float:
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "shopwatch_http_requests_total"
        and s.labels["route"] == "/items/{item_id}/receipt"
    )


def test_broken_plain_uvicorn_workers_each_count_their_own(redis_url: str) -> None:
    """`uvicorn --workers 2` with no multiprocess dir: every scrape sees one worker's share."""
    sock = socket.create_server(("127.0.0.1", 0))
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "shopwatch.serve:shop_app", "--factory"),
            *("--workers", "2", "--fd", str(sock.fileno()), "--log-level", "warning"),
        ],
        cwd=LESSON,
        env=environment(SHOPWATCH_REDIS_URL=redis_url, SHOPWATCH_PRICING_URL="http://127.0.0.1:1"),
        pass_fds=[sock.fileno()],
    )
    try:
        pids, (sent, *totals) = request_counts(f"http://127.0.0.1:{sock.getsockname()[1]}", 20)
        assert len(pids) == 2
        assert all(total < sent for total in totals)  # no scrape sees every request
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        sock.close()


def test_fixed_multiprocess_mode_counts_every_worker(redis_url: str) -> None:
    env = environment(
        SHOPWATCH_REDIS_URL=redis_url,
        SHOPWATCH_PRICING_URL="http://127.0.0.1:1",
        SHOPWATCH_WORKERS="2",
    )
    with running("shop", env) as shop:
        pids, (sent, *totals) = request_counts(shop.url, 20, settle=True)
        assert len(pids) == 2
        assert totals == [sent] * 10  # whichever worker answers, it reports the sum
        assert shop.stop() == 0


def test_ctrl_c_with_several_workers_drains_then_dies_by_sigint(redis_url: str) -> None:
    """uvicorn's supervisor returns normally on SIGINT; the command still ends by SIGINT."""
    env = environment(
        SHOPWATCH_REDIS_URL=redis_url,
        SHOPWATCH_PRICING_URL="http://127.0.0.1:1",
        SHOPWATCH_WORKERS="2",
    )
    shop = Service("shop", env)
    try:
        request_counts(shop.url, 4)  # both workers are up and answering
        shop.proc.send_signal(signal.SIGINT)
        _, err = shop.proc.communicate(timeout=30)
    finally:
        shop.stop()
    assert shop.proc.returncode == -signal.SIGINT
    assert "Traceback" not in err
