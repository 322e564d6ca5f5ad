"""Lesson 07: concurrency you can explain.

Worker pools, bounded fan-out, locks, bounded queues and a shutdown that drains.
"""

from workers.counters import AsyncLockedCounter, AsyncUnsafeCounter, LockedCounter, UnsafeCounter
from workers.errors import PoolClosedError, WorkersError
from workers.fanout import as_completed_bounded, map_bounded, map_concurrent
from workers.pool import AsyncWorkerPool, Done, Failed

__all__ = [
    "AsyncLockedCounter",
    "AsyncUnsafeCounter",
    "AsyncWorkerPool",
    "Done",
    "Failed",
    "LockedCounter",
    "PoolClosedError",
    "UnsafeCounter",
    "WorkersError",
    "as_completed_bounded",
    "map_bounded",
    "map_concurrent",
]
