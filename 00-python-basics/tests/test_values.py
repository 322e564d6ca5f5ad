"""Names, aliases, copies and value semantics."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from basics import (
    BasicsError,
    CurrencyMismatchError,
    InvalidMoneyError,
    LineItem,
    Money,
    Order,
    Quote,
)

BOOK = LineItem("book", 2, Money(1250, "EUR"))
PEN = LineItem("pen", 1, Money(300, "EUR"))


def test_an_alias_sees_every_mutation() -> None:
    order = Order("o-1", "EUR")
    alias = order
    alias.add(BOOK)
    assert order.lines == [BOOK]
    assert order.total() == Money(2500, "EUR")


def test_rebinding_a_parameter_does_not_touch_the_callers_object() -> None:
    def rebind(lines: list[LineItem]) -> None:
        lines = [*lines, PEN]

    def iadd(lines: list[LineItem]) -> None:
        lines += [PEN]  # list.__iadd__ extends in place

    lines = [BOOK]
    rebind(lines)
    assert lines == [BOOK]
    iadd(lines)
    assert lines == [BOOK, PEN]


def test_shallow_copy_shares_nested_objects_deep_copy_does_not() -> None:
    order = Order("o-1", "EUR", [BOOK])
    shallow, deep = copy.copy(order), copy.deepcopy(order)
    order.add(PEN)
    assert shallow.lines is order.lines
    assert shallow.lines == [BOOK, PEN]
    assert deep.lines == [BOOK]


def test_money_is_a_value_frozen_equal_and_hashable() -> None:
    price = Money(1250, "EUR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        price.cents = 0  # type: ignore[misc]  # the assignment mypy forbids, tried at run time
    assert price + price == Money(2500, "EUR")
    assert price == Money(1250, "EUR")
    assert len({price, Money(1250, "EUR")}) == 1


@pytest.mark.parametrize(
    ("cents", "currency"),
    [(12.5, "EUR"), (True, "EUR"), (100, "eur"), (100, "EURO"), (100, "")],
)
def test_money_refuses_values_that_cannot_exist(cents: object, currency: str) -> None:
    with pytest.raises(InvalidMoneyError) as caught:
        Money(cents, currency)  # type: ignore[arg-type]  # bad input on purpose
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, BasicsError)


def test_adding_two_currencies_raises_instead_of_guessing() -> None:
    with pytest.raises(CurrencyMismatchError):
        Money(100, "EUR") + Money(100, "USD")
    order = Order("o-2", "EUR", [LineItem("x", 1, Money(1, "USD"))])
    with pytest.raises(CurrencyMismatchError):
        order.total()


def test_quote_with_line_returns_a_new_quote_and_keeps_the_old_one() -> None:
    empty = Quote("EUR")
    one = empty.with_line(BOOK)
    two = one.with_line(PEN)
    assert (len(empty.lines), len(one.lines), len(two.lines)) == (0, 1, 2)
    assert two.total() == Money(2800, "EUR")
    assert {one: "cached"}[Quote("EUR", (BOOK,))] == "cached"


def test_frozen_only_stops_rebinding_a_list_field_is_still_mutable() -> None:
    @dataclasses.dataclass(frozen=True)
    class Tagged:
        tags: list[str]

    tagged = Tagged(["a"])
    tagged.tags.append("b")  # no error: frozen protects the binding, not the list
    assert tagged.tags == ["a", "b"]
    with pytest.raises(TypeError, match="unhashable"):
        hash(tagged)


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(2500, "25.00 EUR"), (5, "0.05 EUR"), (0, "0.00 EUR"), (-150, "-1.50 EUR"), (-5, "-0.05 EUR")],
)
def test_money_formats_negative_amounts_like_positive_ones(cents: int, shown: str) -> None:
    """A refund of 1.50 is "-1.50", not "-2.50": floor division rounds toward minus infinity."""
    assert str(Money(cents, "EUR")) == shown
