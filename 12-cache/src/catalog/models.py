"""The catalog's one record, and its JSON form in the cache."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    sku: str
    name: str
    price_cents: int
    version: int  # bumped by every write; lets a reader tell old from new

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> Product:
        """Parse a cached value; a value of another shape raises ValueError (never trusted)."""
        data: Any = json.loads(raw)
        if not isinstance(data, dict) or set(data) != {f for f in cls.__slots__}:
            raise ValueError(f"not a cached product: {raw!r:.80}")
        return cls(**data)
