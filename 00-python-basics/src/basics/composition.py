"""Go's struct embedding, in Python: composition with explicit delegation.

Go promotes the methods of an embedded field: ``type CountingStore struct{ Store; hits int }``
gets ``Get`` and ``Set`` for free, and the compiler still checks every call. Python has three
candidates, and only one keeps both properties:

- ``CountingStore``: composition, every delegated method written out. Verbose, checked by mypy,
  and the wrapper's API is exactly what it declares.
- ``AutoDelegatingStore``: ``__getattr__`` forwards whatever is missing. Short, but mypy stops
  checking attribute names, dunder methods (``len()``, ``in``, ``with``) are not forwarded, and
  ``copy.copy`` or ``pickle`` recurse forever.
- ``LowerKeysDict``: inheritance from a built-in. You inherit the whole parent API, including
  methods (``update``, the constructor) that bypass the one you overrode.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any, Protocol


class Store(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def __len__(self) -> int: ...


class MemoryStore:
    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._data.get(key)

    def set(self, key: str, value: str) -> None:
        self._data[key] = value

    def __len__(self) -> int:
        return len(self._data)


class CountingStore:
    """Counts reads and misses; delegates everything else, explicitly."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner
        self.reads = 0
        self.misses = 0

    def get(self, key: str) -> str | None:
        self.reads += 1
        value = self._inner.get(key)
        if value is None:
            self.misses += 1
        return value

    def set(self, key: str, value: str) -> None:
        self._inner.set(key, value)

    def __len__(self) -> int:
        return len(self._inner)


class AutoDelegatingStore:
    """The tempting shortcut: override ``get``, forward the rest with ``__getattr__``.

    Kept as a specimen; see tests/test_composition.py for each way it fails.
    """

    def __init__(self, inner: Store) -> None:
        self._inner = inner
        self.reads = 0

    def get(self, key: str) -> str | None:
        self.reads += 1
        return self._inner.get(key)

    def __getattr__(self, name: str) -> Any:
        # Called only when normal lookup fails. Before __init__ has run (copy.copy, pickle),
        # self._inner itself is missing, so this line calls __getattr__ again, forever.
        return getattr(self._inner, name)


class LowerKeysDict(dict[str, str]):
    """Inheritance: lower-cases keys in ``__setitem__``... and only there.

    dict's constructor, ``update()`` and ``setdefault()`` are C code that never calls the
    overridden ``__setitem__``, so ``LowerKeysDict(Host="x")`` keeps the capital H.
    """

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)


class LowerKeysMap(MutableMapping[str, str]):
    """Composition: owns a dict, implements the five abstract methods, inherits the rest.

    ``MutableMapping``'s ``update``, ``setdefault`` and friends are written in terms of
    ``__setitem__``, so every way in goes through the one place that lower-cases.
    """

    def __init__(self, *args: Any, **kwargs: str) -> None:
        self._data: dict[str, str] = {}
        self.update(*args, **kwargs)

    def __getitem__(self, key: str) -> str:
        return self._data[key.lower()]

    def __setitem__(self, key: str, value: str) -> None:
        self._data[key.lower()] = value

    def __delitem__(self, key: str) -> None:
        del self._data[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"
