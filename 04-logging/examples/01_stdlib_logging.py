"""The standard library's logging, used correctly: library side, then application side.

Run: uv run python examples/01_stdlib_logging.py
"""

from __future__ import annotations

import logging
import sys

# --- library side: what a module in a reusable package does -------------------------------
# One logger per module, named after it; a NullHandler; no configuration, no print().
log = logging.getLogger("inventory.stock")
log.addHandler(logging.NullHandler())


def reserve(stock: dict[str, int], sku: str, qty: int) -> bool:
    log.debug("reserve sku=%s qty=%d stock=%s", sku, qty, stock)  # lazy: built only if shown
    try:
        left = stock[sku] - qty
    except KeyError:
        log.warning("unknown sku %s", sku, exc_info=True)  # the traceback goes in the record
        return False
    if left < 0:
        log.info("not enough %s: wanted %d, have %d", sku, qty, stock[sku])
        return False
    stock[sku] = left
    return True


# --- application side: configure once, at the edge, in main() -----------------------------
def main() -> None:
    print("before the app configures logging: the library is silent")
    reserve({}, "nope", 1)

    logging.basicConfig(
        level=logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
    )
    print("after basicConfig(level=INFO):")
    stock = {"apple": 3}
    reserve(stock, "apple", 5)  # INFO: shown
    reserve(stock, "apple", 1)  # DEBUG: filtered, and its message never formatted
    reserve(stock, "pear", 1)  # WARNING with a traceback
    logging.getLogger("inventory").setLevel(logging.ERROR)  # turn a subtree down by name
    print("after setLevel(ERROR) on 'inventory':")
    reserve(stock, "pear", 1)
    print(f"stock: {stock}")


if __name__ == "__main__":
    main()
