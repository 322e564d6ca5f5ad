"""RED metrics by route template, read back the way Prometheus reads them: a real scrape of
/metrics, parsed with prometheus-client's own parser."""

from __future__ import annotations

import httpx2 as httpx
import redis
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from shopwatch import Settings, create_app
from shopwatch.metrics import LATENCY_BUCKETS
from tests.support import serve_in_thread


def scrape(url: str) -> list[Sample]:
    text = httpx.get(f"{url}/metrics").text
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def series(samples: list[Sample], name: str) -> list[Sample]:
    return [s for s in samples if s.name == name]


def settings_for(redis_url: str, key_prefix: str) -> Settings:
    return Settings(redis_url=redis_url, key_prefix=key_prefix, pricing_url="http://127.0.0.1:1")


def test_requests_are_counted_and_timed_by_route_template(redis_url: str, key_prefix: str) -> None:
    redis.Redis.from_url(redis_url).set(f"{key_prefix}stock:apple", 3)
    with serve_in_thread(create_app(settings_for(redis_url, key_prefix))) as url:
        with httpx.Client(base_url=url) as client:  # one client: each new one parses CA certs
            for item in ("apple", "pear", "plum"):
                client.get(f"/items/{item}")
        samples = scrape(url)

    counts = {
        (s.labels["route"], s.labels["status"]): s.value
        for s in series(samples, "shopwatch_http_requests_total")
    }
    assert counts == {("/items/{item_id}", "200"): 1.0, ("/items/{item_id}", "404"): 2.0}
    edges = [
        s.labels["le"]
        for s in series(samples, "shopwatch_http_request_duration_seconds_bucket")
        if s.labels["route"] == "/items/{item_id}"
    ]
    assert edges == [*(str(b) for b in LATENCY_BUCKETS), "+Inf"]
    count = series(samples, "shopwatch_http_request_duration_seconds_count")
    assert {s.labels["route"]: s.value for s in count}["/items/{item_id}"] == 3.0
    (gauge,) = series(samples, "shopwatch_http_requests_in_progress")
    assert gauge.value == 1.0  # the scrape itself is in progress while it renders


def test_unmatched_paths_share_one_series(redis_url: str, key_prefix: str) -> None:
    with serve_in_thread(create_app(settings_for(redis_url, key_prefix))) as url:
        with httpx.Client(base_url=url) as client:
            for n in range(20):
                client.get(f"/wp-admin/{n}.php")
        samples = scrape(url)
    routes = {s.labels["route"] for s in series(samples, "shopwatch_http_requests_total")}
    assert routes == {"<unmatched>"}


def test_broken_a_user_id_label_makes_one_series_per_user() -> None:
    registry = CollectorRegistry()
    views = Counter("views", "Item views.", ["route", "user"], registry=registry)
    for user in range(50):
        views.labels("/items/{item_id}", f"user-{user}").inc()
    text = generate_latest(registry).decode()
    assert text.count("views_total{") == 50  # 50 users, 50 series; a million users...


def test_fixed_the_shop_keeps_one_series_however_many_users(
    redis_url: str, key_prefix: str
) -> None:
    with serve_in_thread(create_app(settings_for(redis_url, key_prefix))) as url:
        with httpx.Client(base_url=url) as client:
            for user in range(50):
                client.get("/items/apple", headers={"X-User-Id": f"user-{user}"})
        samples = scrape(url)
    item_series = [
        s
        for s in series(samples, "shopwatch_http_requests_total")
        if s.labels["route"] == "/items/{item_id}"
    ]
    assert len(item_series) == 1
    assert item_series[0].value == 50.0
