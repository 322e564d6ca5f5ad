"""Everything is a heap object: refcounts, the cycle collector, sizes, tracemalloc, __slots__."""

from __future__ import annotations

import gc
import sys
import tracemalloc
import weakref

from basics.memory import (
    PlainPoint,
    SlottedPoint,
    bytes_per_instance,
    deep_sizeof,
)


class Node:
    def __init__(self, name: str) -> None:
        self.name = name
        self.peer: Node | None = None


def refcounts_and_cycles() -> None:
    freed: list[str] = []
    gc.disable()  # make the demo deterministic: only we decide when the collector runs
    try:
        lone = Node("lone")
        weakref.finalize(lone, freed.append, "lone")
        del lone  # last reference gone: freed at once, by reference counting
        print("after del lone:", freed)

        a, b = Node("a"), Node("b")
        a.peer, b.peer = b, a  # a cycle: each keeps the other's count above zero
        weakref.finalize(a, freed.append, "a")
        del a, b
        print("after del of a cycle:", freed)
        print("gc.collect() found unreachable objects:", gc.collect() > 0)
        print("after gc.collect():", freed)
    finally:
        gc.enable()


def sizes() -> None:
    names = [f"user-{i:04d}" for i in range(1000)]
    print("sys.getsizeof(list of 1000 str):", sys.getsizeof(names))
    print("deep_sizeof(same list):         ", deep_sizeof(names))


def where_memory_goes() -> None:
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    cache = {i: f"value-{i}" * 10 for i in range(5_000)}  # the allocation we want to find
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    top = after.compare_to(before, "lineno")[0]
    frame = top.traceback[0]
    print(f"biggest growth: line {frame.lineno} of {frame.filename.rsplit('/', 1)[-1]},")
    print(f"  {top.size_diff // 1024} KiB in {top.count_diff} blocks (cache has {len(cache)})")


def slots() -> None:
    plain = bytes_per_instance(lambda i: PlainPoint(i, i), 10_000)
    slotted = bytes_per_instance(lambda i: SlottedPoint(i, i), 10_000)
    print(f"PlainPoint:   {plain:.0f} bytes per instance")
    print(f"SlottedPoint: {slotted:.0f} bytes per instance ({slotted / plain:.2f}x)")
    point = SlottedPoint(1, 2)
    try:
        point.z = 3  # type: ignore[attr-defined]  # on purpose: __slots__ has no room for z
    except AttributeError as exc:
        print("no __dict__, no new attributes:", type(exc).__name__)


if __name__ == "__main__":
    refcounts_and_cycles()
    sizes()
    where_memory_goes()
    slots()
