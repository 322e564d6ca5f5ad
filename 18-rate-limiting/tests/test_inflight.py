"""A rate limit counts starts; a slow backend turns the same starts into a pile of requests in
flight. The concurrency limit bounds the pile and sheds the rest at once (503, Retry-After).

The backend is a real HTTP server that holds every request until the test releases it.
"""

from __future__ import annotations

import asyncio

import httpx2 as httpx
import pytest

from tests.conftest import SlowBackend, open_client
from tests.support import until
from throttle import Rate, Settings

pytestmark = pytest.mark.anyio
REQUESTS = 10


def report_settings(settings: Settings, url: str, **limits: object) -> Settings:
    generous = {"anonymous_rate": Rate(100, 60), "report_global_rate": Rate(100, 60)}
    return settings.model_copy(update={"report_backend_url": url, **generous, **limits})


async def test_a_rate_limit_alone_lets_requests_pile_up_on_a_slow_backend(
    settings: Settings, slow_backend: tuple[SlowBackend, str]
) -> None:
    backend, url = slow_backend
    # 10 requests are well inside 100 a minute: the rate limit sees nothing wrong.
    unbounded = report_settings(settings, url, max_in_flight=1000)
    async with open_client(unbounded) as client, asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(client.get("/report")) for _ in range(REQUESTS)]
        await until(lambda: backend.in_flight == REQUESTS)
        backend.release.set()
    assert backend.peak == REQUESTS  # every request sat on the backend at once
    assert all(t.result().status_code == 200 for t in tasks)


async def test_the_in_flight_limit_sheds_the_excess_at_once(
    settings: Settings, slow_backend: tuple[SlowBackend, str]
) -> None:
    backend, url = slow_backend
    bounded = report_settings(
        settings, url, max_in_flight=2, max_waiting=2, queue_timeout_seconds=60.0
    )
    async with open_client(bounded) as client, asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(client.get("/report")) for _ in range(REQUESTS)]

        def six_shed_two_held(tasks: list[asyncio.Task[httpx.Response]] = tasks) -> bool:
            return sum(task.done() for task in tasks) == 6 and backend.in_flight == 2

        # Six answers come back while the backend still holds the first two requests.
        await until(six_shed_two_held)
        shed = [t.result() for t in tasks if t.done()]
        backend.release.set()
    assert [r.status_code for r in shed] == [503] * 6
    assert all(r.headers["Retry-After"] == "1" for r in shed)
    answered = [t.result().status_code for t in tasks if t.result() not in shed]
    assert answered == [200] * 4  # two ran, two waited for a slot, then ran
    assert backend.peak == 2


async def test_a_request_that_waits_too_long_is_shed(
    settings: Settings, slow_backend: tuple[SlowBackend, str]
) -> None:
    backend, url = slow_backend
    bounded = report_settings(
        settings, url, max_in_flight=1, max_waiting=5, queue_timeout_seconds=0.05
    )
    async with open_client(bounded) as client:
        first = asyncio.create_task(client.get("/report"))
        await until(lambda: backend.in_flight == 1)
        waited: httpx.Response = await client.get("/report")  # queued, then timed out
        backend.release.set()
        assert (await first).status_code == 200
    assert waited.status_code == 503
    assert backend.arrived == 1
