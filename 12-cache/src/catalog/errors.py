"""Errors of the catalog.

    CatalogError              base: catch this at the edge
     └── ProductNotFound      a write named a product that does not exist

A cache failure is never an error here: the cache fails open (see `catalog.cache`), so Redis
being down or slow shows up as misses and a counter, not as an exception a caller must handle.
"""

from __future__ import annotations


class CatalogError(Exception):
    """Base of the catalog's errors::

    try:
        await catalog.update_price(product_id, cents)
    except CatalogError as exc:
        ...  # map to a status or exit code in one place
    """


class ProductNotFound(CatalogError):
    def __init__(self, product_id: int) -> None:
        super().__init__(f"no product with id {product_id}")
        self.product_id = product_id
