"""An in-memory catalogue: the inventory's state, with no gRPC in it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from inventory.errors import InvalidQuantity, NotFound, OutOfStock


@dataclass(frozen=True, slots=True)
class Stock:
    sku: str
    name: str
    quantity: int
    price_cents: int
    description: str = ""


class Store:
    """Items by sku. Used from one event loop, so no lock is needed between awaits."""

    def __init__(self, items: list[Stock] | None = None) -> None:
        self._items = {item.sku: item for item in items or []}

    def get(self, sku: str) -> Stock:
        try:
            return self._items[sku]
        except KeyError:
            raise NotFound(f"no item {sku!r}") from None

    def all(self) -> list[Stock]:
        return sorted(self._items.values(), key=lambda item: item.sku)

    def upsert(self, item: Stock) -> bool:
        """Store `item`; True if it is new."""
        new = item.sku not in self._items
        self._items[item.sku] = item
        return new

    def reserve(self, sku: str, quantity: int) -> Stock:
        if quantity <= 0:
            raise InvalidQuantity(f"quantity must be positive, got {quantity}")
        item = self.get(sku)
        if item.quantity < quantity:
            raise OutOfStock(f"{sku!r}: {item.quantity} left, {quantity} asked")
        self._items[sku] = replace(item, quantity=item.quantity - quantity)
        return self._items[sku]

    def adjust(self, sku: str, delta: int) -> Stock:
        item = self.get(sku)
        if item.quantity + delta < 0:
            raise OutOfStock(f"{sku!r}: {item.quantity} left, cannot remove {-delta}")
        self._items[sku] = replace(item, quantity=item.quantity + delta)
        return self._items[sku]


def sample(count: int) -> list[Stock]:
    """`count` deterministic items, sku-0000 ... for examples, tests and the benchmark."""
    return [
        Stock(
            sku=f"sku-{n:04d}",
            name=f"Widget {n}",
            quantity=100 + n,
            price_cents=250 + n,
            description="A widget " + "x" * 40,
        )
        for n in range(count)
    ]
