"""Composition with explicit delegation, __getattr__ delegation, and inheritance."""

from __future__ import annotations

import copy
import pickle

import pytest

from basics import (
    AutoDelegatingStore,
    CountingStore,
    LowerKeysDict,
    LowerKeysMap,
    MemoryStore,
    Store,
)
from tests.conftest import MypyRun, expected_lines


def test_counting_store_counts_reads_and_misses_and_delegates_the_rest() -> None:
    store = CountingStore(MemoryStore())
    store.set("k", "v")
    assert (store.get("k"), store.get("nope")) == ("v", None)
    assert (store.reads, store.misses, len(store)) == (2, 1, 1)
    wrapped: Store = store  # a CountingStore is a Store: mypy checks this line
    assert wrapped.get("k") == "v"


def test_counting_store_survives_copy_and_pickle() -> None:
    store = CountingStore(MemoryStore())
    store.set("k", "v")
    assert copy.copy(store).get("k") == "v"
    assert pickle.loads(pickle.dumps(store)).get("k") == "v"


def test_getattr_delegation_forwards_plain_methods() -> None:
    store = AutoDelegatingStore(MemoryStore())
    store.set("k", "v")
    assert store.get("k") == "v"
    assert store.reads == 1


def test_getattr_delegation_does_not_forward_dunder_methods() -> None:
    with pytest.raises(TypeError):
        len(AutoDelegatingStore(MemoryStore()))


@pytest.mark.parametrize("clone", [copy.copy, lambda s: pickle.loads(pickle.dumps(s))])
def test_getattr_delegation_recurses_forever_on_copy_and_pickle(clone: object) -> None:
    store = AutoDelegatingStore(MemoryStore())
    with pytest.raises(RecursionError):
        clone(store)  # type: ignore[operator]  # parametrized callables


def test_mypy_catches_a_typo_through_explicit_delegation_only(mypy_on_data: MypyRun) -> None:
    errors = mypy_on_data.in_file("delegation_typos.py")
    assert [(e.line, e.code) for e in errors] == [
        (line, "attr-defined") for line in expected_lines("delegation_typos.py", "attr-defined")
    ]


def test_inheriting_from_dict_bypasses_the_overridden_setitem() -> None:
    headers = LowerKeysDict(Host="a")
    headers.update(Accept="b")
    headers.setdefault("User-Agent", "c")
    headers["X-Trace"] = "d"
    assert set(headers) == {"Host", "Accept", "User-Agent", "x-trace"}


def test_composing_a_mutable_mapping_routes_every_write_through_setitem() -> None:
    headers = LowerKeysMap({"Host": "a"})
    headers.update(Accept="b")
    headers.setdefault("User-Agent", "c")
    headers["X-Trace"] = "d"
    assert set(headers) == {"host", "accept", "user-agent", "x-trace"}
    assert headers["HOST"] == "a"
    del headers["Accept"]
    assert "accept" not in headers
