"""Names are bound to objects: mutation vs rebinding, aliasing, copies, value semantics."""

from __future__ import annotations

import copy
import dataclasses

from basics import LineItem, Money, Order, Quote


def add_fee_by_mutation(order: Order) -> None:
    order.add(LineItem("fee", 1, Money(150, "EUR")))  # changes the caller's object


def add_fee_by_rebinding(order: Order) -> None:
    order = Order(order.order_id, order.currency, [*order.lines])  # a new local binding
    order.add(LineItem("fee", 1, Money(150, "EUR")))  # ...changes only the new object


def extend_with_iadd(skus: list[str]) -> None:
    skus += ["gift-wrap"]  # list += is extend(): in place, the caller sees it


def main() -> None:
    book = LineItem("book", 2, Money(1250, "EUR"))
    order = Order("o-1", "EUR", [book])

    alias = order  # no copy: a second name for the same object
    alias.add(LineItem("pen", 1, Money(300, "EUR")))
    print("alias is order:", alias is order, "| lines:", len(order.lines))

    add_fee_by_rebinding(order)
    print("after rebinding inside a function:", len(order.lines), "lines")
    add_fee_by_mutation(order)
    print("after mutation inside a function: ", len(order.lines), "lines")

    skus = ["book"]
    extend_with_iadd(skus)
    print("list += inside a function:", skus)

    shallow = copy.copy(order)
    deep = copy.deepcopy(order)
    order.lines.clear()
    print("shallow copy shares the list:", shallow.lines is order.lines, len(shallow.lines))
    print("deep copy has its own:       ", deep.lines is order.lines, len(deep.lines))

    price = Money(1250, "EUR")
    try:
        price.cents = 0  # type: ignore[misc]  # frozen on purpose: show what happens at run time
    except dataclasses.FrozenInstanceError as exc:
        print("frozen Money:", type(exc).__name__, exc)
    print("arithmetic makes new values:", price + price, "| price unchanged:", price)

    quote = Quote("EUR").with_line(book)
    bigger = quote.with_line(LineItem("pen", 1, Money(300, "EUR")))
    print("quote:", len(quote.lines), "line,", quote.total(), "| bigger:", bigger.total())
    same = Quote("EUR", (book,))
    print("equal by value:", same == quote, "| one set member:", len({same, quote}))


if __name__ == "__main__":
    main()
