"""Value semantics and reference semantics, side by side.

Every Python name is a reference to an object on the heap: there are no value types and no
pointer receivers. What Go decides with ``func (m Money)`` vs ``func (o *Order)``, Python decides
with the *type*: an immutable object (``frozen=True``) cannot be changed through any alias, so it
behaves like a value; a mutable one is shared by everyone who holds a reference to it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from basics.errors import CurrencyMismatchError, InvalidMoneyError

_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units (cents). Immutable: arithmetic returns a new Money."""

    cents: int
    currency: str

    def __post_init__(self) -> None:
        # bool is an int subclass; True cents is a bug, not one cent.
        if not isinstance(self.cents, int) or isinstance(self.cents, bool):
            raise InvalidMoneyError(f"cents must be an int, got {type(self.cents).__name__}")
        if not _CURRENCY.fullmatch(self.currency):
            raise InvalidMoneyError(f"currency must be 3 capital letters, got {self.currency!r}")

    def __add__(self, other: Money) -> Money:
        if self.currency != other.currency:
            raise CurrencyMismatchError(f"cannot add {self.currency} to {other.currency}")
        return Money(self.cents + other.cents, self.currency)

    def times(self, quantity: int) -> Money:
        return Money(self.cents * quantity, self.currency)

    def __str__(self) -> str:
        # divmod of the absolute value: -150 // 100 is -2 in Python (floor), not -1.
        units, cents = divmod(abs(self.cents), 100)
        sign = "-" if self.cents < 0 else ""
        return f"{sign}{units}.{cents:02d} {self.currency}"


@dataclass(frozen=True, slots=True)
class LineItem:
    sku: str
    quantity: int
    unit_price: Money

    @property
    def subtotal(self) -> Money:
        return self.unit_price.times(self.quantity)


def _total(lines: Iterable[LineItem], currency: str) -> Money:
    total = Money(0, currency)
    for line in lines:
        total = total + line.subtotal
    return total


@dataclass(slots=True)
class Order:
    """Mutable, like a Go struct used through a pointer: every alias sees every change."""

    order_id: str
    currency: str
    lines: list[LineItem] = field(default_factory=list)

    def add(self, line: LineItem) -> None:
        self.lines.append(line)

    def total(self) -> Money:
        return _total(self.lines, self.currency)


@dataclass(frozen=True, slots=True)
class Quote:
    """Immutable all the way down: a tuple of frozen LineItems, so it is hashable and shareable.

    ``frozen=True`` only stops *rebinding* the fields; a list field would still be mutable
    (and would make the Quote unhashable), which is why ``lines`` is a tuple.
    """

    currency: str
    lines: tuple[LineItem, ...] = ()

    def with_line(self, line: LineItem) -> Quote:
        return dataclasses.replace(self, lines=(*self.lines, line))

    def total(self) -> Money:
        return _total(self.lines, self.currency)
