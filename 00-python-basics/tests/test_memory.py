"""Refcounts and the cycle collector, sizes, tracemalloc, __slots__."""

from __future__ import annotations

import gc
import sys
import weakref
from collections.abc import Iterator

import pytest

from basics import bytes_per_instance, deep_sizeof
from basics.memory import DataPoint, PlainPoint, SlottedDataPoint, SlottedPoint


@pytest.fixture
def collector_off() -> Iterator[None]:
    """Only the test decides when the cycle collector runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Node:
    def __init__(self) -> None:
        self.peer: Node | None = None


@pytest.mark.usefixtures("collector_off")
def test_refcounting_frees_an_object_when_its_last_reference_goes() -> None:
    node = Node()
    ref = weakref.ref(node)
    del node
    assert ref() is None


@pytest.mark.usefixtures("collector_off")
def test_a_reference_cycle_survives_del_until_the_collector_runs() -> None:
    a, b = Node(), Node()
    a.peer, b.peer = b, a
    ref = weakref.ref(a)
    del a, b
    assert ref() is not None
    gc.collect()
    assert ref() is None


def test_getsizeof_is_shallow_deep_sizeof_follows_references() -> None:
    names = [f"user-{i:04d}" for i in range(100)]
    shallow = sys.getsizeof(names)
    assert deep_sizeof(names) == shallow + sum(sys.getsizeof(n) for n in names)


def test_deep_sizeof_counts_a_shared_object_once_and_handles_cycles() -> None:
    payload = "x" * 1000
    pair = [payload, payload]
    assert deep_sizeof(pair) == sys.getsizeof(pair) + sys.getsizeof(payload)
    cycle: list[object] = []
    cycle.append(cycle)
    assert deep_sizeof(cycle) == sys.getsizeof(cycle)


def test_deep_sizeof_includes_instance_attributes_but_not_the_class() -> None:
    point = PlainPoint(10_000, 20_000)
    assert deep_sizeof(point) > sys.getsizeof(point) + sys.getsizeof(10_000)
    slotted = SlottedPoint(10_000, 20_000)
    assert deep_sizeof(slotted) == sys.getsizeof(slotted) + 2 * sys.getsizeof(10_000)


def test_slots_use_less_memory_per_instance_than_a_dict_backed_class() -> None:
    plain = bytes_per_instance(lambda i: PlainPoint(i, i), 2_000)
    slotted = bytes_per_instance(lambda i: SlottedPoint(i, i), 2_000)
    data = bytes_per_instance(lambda i: DataPoint(i, i), 2_000)
    slotted_data = bytes_per_instance(lambda i: SlottedDataPoint(i, i), 2_000)
    assert slotted < 0.8 * plain
    assert slotted_data < 0.8 * data


def test_reading_dict_materialises_it_and_costs_memory() -> None:
    def touched(i: int) -> PlainPoint:
        point = PlainPoint(i, i)
        _ = point.__dict__
        return point

    plain = bytes_per_instance(lambda i: PlainPoint(i, i), 2_000)
    assert bytes_per_instance(touched, 2_000) > 1.2 * plain


def test_slots_refuse_attributes_that_were_not_declared() -> None:
    point = SlottedPoint(1, 2)
    with pytest.raises(AttributeError):
        point.z = 3  # type: ignore[attr-defined]  # on purpose: no slot named z
    assert not hasattr(point, "__dict__")


def test_bytes_per_instance_rejects_a_non_positive_count() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        bytes_per_instance(object, 0)  # type: ignore[arg-type]  # object() takes no i
