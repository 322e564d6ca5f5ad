"""What an object costs, measured rather than guessed.

- ``sys.getsizeof(obj)`` is the size of that one object's own block: a list's array of
  pointers, not the strings they point to.
- ``deep_sizeof(obj)`` follows references and adds every object reachable once.
- ``bytes_per_instance(factory, n)`` asks tracemalloc how much memory n new objects took, which
  counts everything the allocator handed out for them, including the instance dict or values.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from types import FunctionType, ModuleType


def deep_sizeof(obj: object) -> int:
    """Sum ``sys.getsizeof`` over ``obj`` and everything it references, each object once.

    Classes, functions and modules are shared by every instance and are not counted.
    """
    seen: set[int] = set()
    stack = [obj]
    total = 0
    while stack:
        current = stack.pop()
        if id(current) in seen or isinstance(current, type | FunctionType | ModuleType):
            continue
        seen.add(id(current))
        total += sys.getsizeof(current)
        # The same references the cycle collector follows: container items, dict keys and
        # values, instance __dict__ and __slots__ values.
        stack.extend(gc.get_referents(current))
    return total


def bytes_per_instance(factory: Callable[[int], object], n: int) -> float:
    """Average bytes that ``factory(i)`` allocates per call, over n live objects."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    arguments = list(range(n))  # built before measuring: the ints are not the instance's cost
    keep: list[object | None] = [None] * n
    gc.collect()
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in arguments:
            keep[i] = factory(i)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        if started_here:
            tracemalloc.stop()
    return (after - before) / n


class PlainPoint:
    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


class SlottedPoint:
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


@dataclass
class DataPoint:
    x: int
    y: int


@dataclass(slots=True)
class SlottedDataPoint:
    x: int
    y: int
