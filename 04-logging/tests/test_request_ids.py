"""Break it, part 1: a request ID in a module global vs in a contextvar.

Two requests run concurrently on one event loop. Events force the interleaving that a busy
server produces by chance: A binds its ID and waits; B binds its ID; then A logs. The log
lines are real: `configure_logging` renders them as JSON into a buffer, and the test parses
them.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from typing import Any

import structlog
from structlog.contextvars import bind_contextvars
from structlog.typing import EventDict

from applog import RequestContextMiddleware, configure_logging
from applog._asgi import ASGIApp, Message, Receive, Scope, Send
from applog.app import MAX_BODY, create_app
from applog.broken import GlobalRequestIdMiddleware, add_global_request_id
from tests.asgi import call, header, http_scope, status_of
from tests.jsonlines import events, json_lines

DEADLINE = 10.0  # bounds a deadlock if the events were wired wrong; never measures speed
log = structlog.stdlib.get_logger("tests.handler")


async def _ok(send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def interleave(wrap: type[RequestContextMiddleware | GlobalRequestIdMiddleware]) -> None:
    """A binds its ID and parks; B binds its ID, logs and parks; A wakes up and logs.

    Both requests are in flight when A logs, as they are on any server under load.
    """
    a_bound, b_logged, a_logged = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/a":
            a_bound.set()
            await b_logged.wait()  # B's middleware binds B's ID while A is parked here
            log.info("order.fetched", handled_for="/a")
            a_logged.set()
        else:
            log.info("order.fetched", handled_for="/b")
            b_logged.set()
            await a_logged.wait()  # B is still in flight (say, writing its response)
        await _ok(send)

    app: ASGIApp = wrap(handler)

    async def b_after_a() -> list[Message]:
        await a_bound.wait()
        return await call(app, http_scope("/b", request_id="req-B"))

    async with asyncio.timeout(DEADLINE), asyncio.TaskGroup() as group:
        group.create_task(call(app, http_scope("/a", request_id="req-A")))
        group.create_task(b_after_a())


def fetched_ids(buffer: io.StringIO) -> dict[str, Any]:
    """handled_for -> request_id, from the order.fetched lines."""
    lines = events(json_lines(buffer.getvalue()), "order.fetched")
    assert len(lines) == 2, lines
    return {line["handled_for"]: line.get("request_id") for line in lines}


def test_broken_global_request_id_puts_b_id_on_a_line() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer, extra_processors=[add_global_request_id])

    asyncio.run(interleave(GlobalRequestIdMiddleware))

    ids = fetched_ids(buffer)
    assert ids["/b"] == "req-B"
    assert ids["/a"] == "req-B"  # A's line names B's request: the bug, reproduced


def test_a_logger_used_under_one_configuration_follows_the_next() -> None:
    """`cache_logger_on_first_use` freezes a module-level logger's structlog chain on its
    first call, so whatever differs between configurations must not live in that chain."""
    first = io.StringIO()
    configure_logging(stream=first)
    log.info("before")

    def stamp(_logger: object, _method: str, event_dict: EventDict) -> EventDict:
        event_dict["stamped"] = True
        return event_dict

    second = io.StringIO()
    configure_logging(stream=second, extra_processors=[stamp])
    log.info("after")

    assert [r["event"] for r in json_lines(first.getvalue())] == ["before"]
    (after,) = json_lines(second.getvalue())
    assert (after["event"], after["stamped"]) == ("after", True)


def test_fixed_contextvars_keep_each_request_id_on_its_own_lines() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    asyncio.run(interleave(RequestContextMiddleware))

    assert fetched_ids(buffer) == {"/a": "req-A", "/b": "req-B"}
    finished = events(json_lines(buffer.getvalue()), "request.finished")
    assert {(f["path"], f["request_id"], f["status"]) for f in finished} == {
        ("/a", "req-A", 200),
        ("/b", "req-B", 200),
    }


def test_bindings_from_one_request_do_not_leak_into_the_next() -> None:
    """Two requests served one after the other in the same context, as a worker thread or a
    reused task would: what the first handler bound (user_id) must not reach the second."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/login":
            bind_contextvars(user_id=42)
        log.info("handled")
        await _ok(send)

    app = RequestContextMiddleware(handler)

    async def both_in_one_task() -> None:
        await call(app, http_scope("/login", request_id="first"))
        await call(app, http_scope("/orders", request_id="second"))

    asyncio.run(both_in_one_task())

    handled = {r["request_id"]: r for r in events(json_lines(buffer.getvalue()), "handled")}
    assert handled["first"]["user_id"] == 42
    assert "user_id" not in handled["second"]
    # Same task as the handler, so the middleware's own line sees what the handler bound.
    finished = {
        r["request_id"]: r for r in events(json_lines(buffer.getvalue()), "request.finished")
    }
    assert finished["first"]["user_id"] == 42
    assert "user_id" not in finished["second"]
    assert structlog.contextvars.get_contextvars() == {}  # nothing left after a request


def test_outer_bindings_survive_the_middleware() -> None:
    """An outer layer binds `tenant`; the handler's lines carry it, and so do the outer
    layer's own lines after the middleware returns. What the handler bound is gone."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        bind_contextvars(user_id=42)
        log.info("handled")
        await _ok(send)

    inner = RequestContextMiddleware(handler)

    async def tenant_layer(scope: Scope, receive: Receive, send: Send) -> None:
        bind_contextvars(tenant="acme")
        await inner(scope, receive, send)
        log.info("outer.after")

    asyncio.run(call(tenant_layer, http_scope("/orders", request_id="r-1")))

    lines = json_lines(buffer.getvalue())
    (handled,) = events(lines, "handled")
    (after,) = events(lines, "outer.after")
    assert (handled["tenant"], handled["request_id"], handled["user_id"]) == ("acme", "r-1", 42)
    assert after["tenant"] == "acme"
    assert "request_id" not in after
    assert "user_id" not in after


def test_unsafe_incoming_request_id_is_replaced_and_echoed() -> None:
    """A client-supplied ID is logged verbatim, so only a short safe one is accepted."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        await _ok(send)

    app = RequestContextMiddleware(handler)
    forged = 'x", "level": "critical'
    sent = asyncio.run(call(app, http_scope("/", request_id=forged)))

    (line,) = events(json_lines(buffer.getvalue()), "request.finished")
    assert line["request_id"] != forged
    assert len(line["request_id"]) == 32  # a fresh uuid4 hex
    assert header(sent, b"x-request-id") == line["request_id"].encode()
    assert line["level"] == "info"


def test_handler_exception_is_logged_once_as_data_and_becomes_500() -> None:
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    class Boom(RuntimeError):
        pass

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        secret_local = {"password": "hunter2"}  # must not reach the log via the traceback
        raise Boom(f"failed with {len(secret_local)} item")

    sent = asyncio.run(call(RequestContextMiddleware(handler), http_scope("/", "r-1")))

    assert status_of(sent) == 500
    records = json_lines(buffer.getvalue())
    (failed,) = events(records, "request.failed")
    assert failed["level"] == "error"
    assert failed["request_id"] == "r-1"
    assert failed["exception"][0]["exc_type"] == "Boom"
    assert all("locals" not in frame for frame in failed["exception"][0]["frames"])
    assert "hunter2" not in buffer.getvalue()
    (finished,) = events(records, "request.finished")
    assert finished["status"] == 500


def test_to_thread_carries_the_request_id_and_run_in_executor_does_not() -> None:
    """Work moved off the event loop logs with the request's ID only if the context goes
    with it: `asyncio.to_thread` copies the context, a bare `run_in_executor` does not."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)

    def blocking_work(how: str) -> None:
        log.info("thread.work", how=how)

    async def handler_work() -> None:
        bind_contextvars(request_id="req-T")
        await asyncio.to_thread(blocking_work, "to_thread")
        await asyncio.get_running_loop().run_in_executor(None, blocking_work, "run_in_executor")

    asyncio.run(handler_work())

    lines = {r["how"]: r for r in events(json_lines(buffer.getvalue()), "thread.work")}
    assert lines["to_thread"]["request_id"] == "req-T"
    assert "request_id" not in lines["run_in_executor"]


def test_login_rejects_bad_and_oversized_bodies_with_the_right_status() -> None:
    """A client error is a 4xx with its own reason field, never a 500 or an error line."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)
    app = create_app()
    scope = http_scope("/login", "r-2", method="POST")

    async def both() -> tuple[int, int]:
        bad = await call(app, scope, b"{not json")
        huge = await call(app, scope, b"x" * (MAX_BODY + 1))
        return status_of(bad), status_of(huge)

    assert asyncio.run(both()) == (400, 413)
    records = json_lines(buffer.getvalue())
    assert [r["reason"] for r in events(records, "login.rejected")] == [
        "bad_body",
        "body_too_large",
    ]
    assert not [r for r in records if r["level"] == "error"]


def test_a_request_cancelled_before_responding_is_logged_without_a_status() -> None:
    """The client hung up mid-request: one request.finished line, status null, not 500."""
    buffer = io.StringIO()
    configure_logging(stream=buffer)
    entered = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        entered.set()
        await asyncio.Event().wait()  # never set: only cancellation ends this

    async def cancel_mid_request() -> None:
        task = asyncio.create_task(call(RequestContextMiddleware(slow), http_scope("/", "r-3")))
        async with asyncio.timeout(DEADLINE):
            await entered.wait()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(cancel_mid_request())

    (finished,) = events(json_lines(buffer.getvalue()), "request.finished")
    assert (finished["request_id"], finished["status"]) == ("r-3", None)
    assert not events(json_lines(buffer.getvalue()), "request.failed")
