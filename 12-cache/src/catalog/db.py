"""Postgres, the source of truth: the products table and the queries the catalog sends.

`Repository.queries` counts the statements sent, so tests and the benchmark can say how many
database round trips a cache saved, by counting rather than timing.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import AsyncConnection
from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from catalog.errors import ProductNotFound
from catalog.models import Product

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text    NOT NULL,
    name        text    NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    version     integer NOT NULL DEFAULT 1
)
"""
# Lab 4's fix: without it, a lookup by SKU reads the whole table (EXPLAIN says Seq Scan).
SKU_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS products_sku ON products (sku)"

COLUMNS = "id, sku, name, price_cents, version"


@dataclass
class Repository:
    pool: AsyncConnectionPool[AsyncConnection]
    queries: int = 0

    async def create_schema(self) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(SCHEMA)

    async def get(self, product_id: int) -> Product | None:
        self.queries += 1
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=class_row(Product))
            await cur.execute(f"SELECT {COLUMNS} FROM products WHERE id = %s", (product_id,))
            return await cur.fetchone()

    async def get_by_sku(self, sku: str) -> Product | None:
        self.queries += 1
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=class_row(Product))
            await cur.execute(f"SELECT {COLUMNS} FROM products WHERE sku = %s", (sku,))
            return await cur.fetchone()

    async def add(self, conn: AsyncConnection, sku: str, name: str, price_cents: int) -> Product:
        """Insert in the caller's transaction."""
        self.queries += 1
        cur = conn.cursor(row_factory=class_row(Product))
        await cur.execute(
            f"INSERT INTO products (sku, name, price_cents) VALUES (%s, %s, %s)"
            f" RETURNING {COLUMNS}",
            (sku, name, price_cents),
        )
        product = await cur.fetchone()
        if product is None:  # INSERT ... RETURNING returns the row
            raise RuntimeError("INSERT ... RETURNING returned no row")
        return product

    async def set_price(self, conn: AsyncConnection, product_id: int, cents: int) -> Product:
        """Update in the caller's transaction; the new row has the next version."""
        self.queries += 1
        cur = conn.cursor(row_factory=class_row(Product))
        await cur.execute(
            "UPDATE products SET price_cents = %s, version = version + 1 WHERE id = %s"
            f" RETURNING {COLUMNS}",
            (cents, product_id),
        )
        product = await cur.fetchone()
        if product is None:
            raise ProductNotFound(product_id)
        return product
