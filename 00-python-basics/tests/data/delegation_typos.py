"""A typo in a method name, through two wrappers (tests/test_composition.py runs mypy on it).

Explicit delegation: mypy reports the typo. `__getattr__` delegation: mypy cannot, because
`__getattr__` promises an attribute of any name.
"""

from __future__ import annotations

from basics import AutoDelegatingStore, CountingStore, MemoryStore


def main() -> None:
    CountingStore(MemoryStore()).sett("k", "v")  # expect: attr-defined
    AutoDelegatingStore(MemoryStore()).sett("k", "v")  # no error: mypy sees Any
