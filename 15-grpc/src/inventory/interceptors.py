"""Interceptors: what every call goes through, on both sides of the wire.

Server: `AuthInterceptor` turns the `authorization` metadata into UNAUTHENTICATED (no or unknown
token) or PERMISSION_DENIED (a reader calling a write); `AccessLog` gives every call a request id
(the client's `x-request-id`, or a new one), sends it back in the trailers, and logs the method,
the status code and the time taken. Client: `call_defaults` adds the token and a request id to
every call and a deadline to every call that has none (`call_defaults`).
"""

from __future__ import annotations

import inspect
import logging
import time
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeAlias, cast

import grpc
from grpc import aio

REQUEST_ID = "x-request-id"
OPEN_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")  # probes need no token
WRITES = frozenset(
    f"/inventory.v1.Inventory/{name}" for name in ("Reserve", "ImportItems", "Adjust", "Recount")
)
Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"  # a string: not subscriptable at run time
Continuation: TypeAlias = Callable[[grpc.HandlerCallDetails], Awaitable["Handler | None"]]
UnaryUnaryCall: TypeAlias = "aio.UnaryUnaryCall[Any, Any]"
UnaryStreamCall: TypeAlias = "aio.UnaryStreamCall[Any, Any]"
access_log = logging.getLogger("inventory.access")


def metadata_of(details: grpc.HandlerCallDetails) -> dict[str, str]:
    return {key: str(value) for key, value in details.invocation_metadata or ()}


def rebuild(handler: Handler, behaviour: Callable[..., Any]) -> Handler:
    """A handler of the same kind (unary/stream in, unary/stream out) with a new behaviour."""
    make = {
        (False, False): grpc.unary_unary_rpc_method_handler,
        (False, True): grpc.unary_stream_rpc_method_handler,
        (True, False): grpc.stream_unary_rpc_method_handler,
        (True, True): grpc.stream_stream_rpc_method_handler,
    }[(handler.request_streaming, handler.response_streaming)]
    return make(
        behaviour,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def behaviour_of(handler: Handler) -> Callable[..., Any]:
    kind = (handler.request_streaming, handler.response_streaming)
    behaviour = {
        (False, False): handler.unary_unary,
        (False, True): handler.unary_stream,
        (True, False): handler.stream_unary,
        (True, True): handler.stream_stream,
    }[kind]
    if behaviour is None:  # grpc sets the one behaviour that matches the handler's kind
        raise TypeError(f"a {kind} handler without its behaviour")
    return cast("Callable[..., Any]", behaviour)  # the stubs type them as sync callables


class AuthInterceptor(aio.ServerInterceptor):
    def __init__(self, tokens: Mapping[str, str]) -> None:
        self.tokens = dict(tokens)  # token -> role: "reader" or "writer"

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> Handler | None:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method.startswith(OPEN_PREFIXES):
            return handler
        header = metadata_of(handler_call_details).get("authorization", "")
        role = self.tokens.get(header.removeprefix("Bearer "))
        if role is None:
            return denied(handler, grpc.StatusCode.UNAUTHENTICATED, "missing or unknown token")
        if method in WRITES and role != "writer":
            return denied(handler, grpc.StatusCode.PERMISSION_DENIED, f"{role} cannot call this")
        return handler


def denied(handler: Handler, code: grpc.StatusCode, details: str) -> Handler:
    async def refuse(_request: object, context: aio.ServicerContext[Any, Any]) -> None:
        await context.abort(code, details)

    return rebuild(handler, refuse)


class AccessLog(aio.ServerInterceptor):
    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> Handler | None:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        request_id = metadata_of(handler_call_details).get(REQUEST_ID) or uuid.uuid4().hex
        inner = behaviour_of(handler)

        def begin(context: aio.ServicerContext[Any, Any]) -> float:
            context.set_trailing_metadata(((REQUEST_ID, request_id),))
            access_log.info("started %s rid=%s", method, request_id)
            return time.perf_counter()

        def end(context: aio.ServicerContext[Any, Any], started: float, error: bool) -> None:
            code = context.code() or (grpc.StatusCode.UNKNOWN if error else grpc.StatusCode.OK)
            elapsed = (time.perf_counter() - started) * 1000
            name = code.name if isinstance(code, grpc.StatusCode) else str(code)
            access_log.info("%s %s %.1fms rid=%s", method, name, elapsed, request_id)

        if handler.response_streaming:

            async def streaming(request: Any, context: aio.ServicerContext[Any, Any]) -> Any:
                started, error = begin(context), True
                try:
                    responses = inner(request, context)
                    if inspect.isawaitable(responses):  # a refusal, or a handler that writes
                        await responses
                    else:
                        async for response in responses:
                            yield response
                    error = False
                finally:
                    end(context, started, error)

            return rebuild(handler, streaming)

        async def unary(request: Any, context: aio.ServicerContext[Any, Any]) -> Any:
            started, error = begin(context), True
            try:
                response = await inner(request, context)
                error = False
                return response
            finally:
                end(context, started, error)

        return rebuild(handler, unary)


class _Defaults:
    """Every call carries the token and a request id, and has a deadline."""

    def __init__(self, token: str, default_timeout: float) -> None:
        self.token = token
        self.default_timeout = default_timeout

    def details(self, call: aio.ClientCallDetails) -> aio.ClientCallDetails:
        metadata = aio.Metadata(*(call.metadata or ()))
        metadata["authorization"] = f"Bearer {self.token}"
        if not metadata.get_all(REQUEST_ID):  # keep the caller's id when it sent one
            metadata[REQUEST_ID] = uuid.uuid4().hex
        timeout = call.timeout if call.timeout is not None else self.default_timeout
        return aio.ClientCallDetails(
            call.method, timeout, metadata, call.credentials, call.wait_for_ready
        )


# grpc.aio files each client interceptor under the *first* of the four kinds it is an instance
# of (an if/elif chain in aio/_channel.py): one class that subclasses all four would only ever
# see unary-unary calls. Hence one small class per kind.
class _UnaryUnary(_Defaults, aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(
        self,
        continuation: Callable[
            [aio.ClientCallDetails, Any], Awaitable[aio.UnaryUnaryCall[Any, Any]]
        ],
        client_call_details: aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        return await continuation(self.details(client_call_details), request)


class _UnaryStream(_Defaults, aio.UnaryStreamClientInterceptor):
    async def intercept_unary_stream(
        self,
        continuation: Callable[
            [aio.ClientCallDetails, Any], Awaitable[aio.UnaryStreamCall[Any, Any]]
        ],
        client_call_details: aio.ClientCallDetails,
        request: Any,
    ) -> AsyncIterator[Any] | aio.UnaryStreamCall[Any, Any]:
        return await continuation(self.details(client_call_details), request)


class _StreamUnary(_Defaults, aio.StreamUnaryClientInterceptor):
    async def intercept_stream_unary(
        self,
        continuation: Callable[
            [aio.ClientCallDetails, AsyncIterable[Any] | Iterable[Any]],
            Awaitable[aio.StreamUnaryCall[Any, Any]],
        ],
        client_call_details: aio.ClientCallDetails,
        request_iterator: AsyncIterable[Any] | Iterable[Any],
    ) -> Any:
        return await continuation(self.details(client_call_details), request_iterator)


class _StreamStream(_Defaults, aio.StreamStreamClientInterceptor):
    async def intercept_stream_stream(
        self,
        continuation: Callable[
            [aio.ClientCallDetails, AsyncIterable[Any] | Iterable[Any]],
            Awaitable[aio.StreamStreamCall[Any, Any]],
        ],
        client_call_details: aio.ClientCallDetails,
        request_iterator: AsyncIterable[Any] | Iterable[Any],
    ) -> AsyncIterator[Any] | aio.StreamStreamCall[Any, Any]:
        return await continuation(self.details(client_call_details), request_iterator)


def call_defaults(token: str, default_timeout: float) -> list[aio.ClientInterceptor]:
    """The client interceptors: token, request id and a default deadline on every kind of call."""
    kinds = (_UnaryUnary, _UnaryStream, _StreamUnary, _StreamStream)
    return [kind(token, default_timeout) for kind in kinds]
