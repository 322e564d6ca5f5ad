"""Logs are for operators: structured, levelled, redacted, and tied to one request.

The public API: configure logging once at the edge of a program, get loggers anywhere, wrap an
ASGI app so every line it logs carries the request's ID.
"""

from applog._config import LogSettings, configure_logging, format_from_env, get_logger
from applog._middleware import REQUEST_ID_HEADER, RequestContextMiddleware, request_id_from
from applog._redact import REDACTED, Redactor

__all__ = [
    "REDACTED",
    "REQUEST_ID_HEADER",
    "LogSettings",
    "Redactor",
    "RequestContextMiddleware",
    "configure_logging",
    "format_from_env",
    "get_logger",
    "request_id_from",
]
