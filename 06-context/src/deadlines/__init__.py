"""Go's context.Context, split three ways: cancellation, deadlines, request-scoped values."""

from deadlines.budget import Deadline
from deadlines.cancellation import CancelToken, consume, retry_sync, run_cancellable
from deadlines.client import fetch_line, fetch_line_blocking, get_quote
from deadlines.dbtimeout import query_interruptible, query_with_deadline
from deadlines.errors import DeadlineExceeded, DependencyTimeout, OperationCancelled, QueryTimeout
from deadlines.requestctx import (
    RequestIdFilter,
    bound_request_id,
    request_id,
    run_in_executor_with_context,
)

__all__ = [
    "CancelToken",
    "Deadline",
    "DeadlineExceeded",
    "DependencyTimeout",
    "OperationCancelled",
    "QueryTimeout",
    "RequestIdFilter",
    "bound_request_id",
    "consume",
    "fetch_line",
    "fetch_line_blocking",
    "get_quote",
    "query_interruptible",
    "query_with_deadline",
    "request_id",
    "retry_sync",
    "run_cancellable",
    "run_in_executor_with_context",
]
