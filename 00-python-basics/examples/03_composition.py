"""Struct embedding becomes composition: explicit delegation vs __getattr__ vs inheritance."""

from __future__ import annotations

import copy

from basics import AutoDelegatingStore, CountingStore, LowerKeysDict, LowerKeysMap, MemoryStore


def main() -> None:
    explicit = CountingStore(MemoryStore())
    explicit.set("user:1", "ada")
    explicit.get("user:1")
    explicit.get("user:2")
    print("explicit:", "reads", explicit.reads, "misses", explicit.misses, "len", len(explicit))
    print("explicit copy works:", copy.copy(explicit).reads)

    auto = AutoDelegatingStore(MemoryStore())
    auto.set("user:1", "ada")  # forwarded by __getattr__: fine
    print("auto get:", auto.get("user:1"), "| reads", auto.reads)
    try:
        len(auto)  # dunders are looked up on the type, never through __getattr__
    except TypeError as exc:
        print("auto len():", type(exc).__name__, exc)
    try:
        copy.copy(auto)  # the copy has no _inner yet, so __getattr__ calls itself forever
    except RecursionError as exc:
        print("auto copy.copy():", type(exc).__name__, exc)

    inherited = LowerKeysDict(Host="a")
    inherited.update(Accept="b")
    inherited["X-Trace"] = "c"
    print("inheritance:", dict(inherited))
    composed = LowerKeysMap(Host="a")
    composed.update(Accept="b")
    composed["X-Trace"] = "c"
    print("composition:", dict(composed))


if __name__ == "__main__":
    main()
