"""Break it 4: the slow lookup a cache would hide. EXPLAIN shows the fix is an index."""

from __future__ import annotations

import json

import psycopg
import pytest

from catalog import Catalog
from catalog.db import SCHEMA, SKU_INDEX


def plan(conn: psycopg.Connection[tuple[object, ...]], sku: str) -> str:
    """The top node of the plan for the catalog's lookup by SKU."""
    row = conn.execute(
        "EXPLAIN (FORMAT JSON) SELECT id, sku, name, price_cents, version"
        " FROM products WHERE sku = %s",
        (sku,),
    ).fetchone()
    assert row is not None
    document = row[0] if isinstance(row[0], list) else json.loads(str(row[0]))
    return str(document[0]["Plan"]["Node Type"])


@pytest.fixture
def products(schema_url: str) -> psycopg.Connection[tuple[object, ...]]:
    """20,000 products, no index on sku, statistics fresh."""
    conn = psycopg.connect(schema_url, autocommit=True)
    conn.execute(SCHEMA)
    conn.execute(
        "INSERT INTO products (sku, name, price_cents)"
        " SELECT 'SKU-' || n, 'product ' || n, n FROM generate_series(1, 20000) AS n"
    )
    conn.execute("ANALYZE products")
    return conn


def test_broken_without_an_index_every_lookup_reads_the_whole_table(
    products: psycopg.Connection[tuple[object, ...]],
) -> None:
    with products:
        assert plan(products, "SKU-12345") == "Seq Scan"


def test_fixed_the_index_turns_the_lookup_into_an_index_scan(
    products: psycopg.Connection[tuple[object, ...]],
) -> None:
    with products:
        products.execute(SKU_INDEX)
        products.execute("ANALYZE products")
        assert plan(products, "SKU-12345") == "Index Scan"


@pytest.mark.anyio
async def test_fixed_open_catalog_creates_the_sku_index(catalog: Catalog, schema_url: str) -> None:
    """The lab takes the index out of the catalog's setup; this is the test that notices."""
    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO products (sku, name, price_cents)"
            " SELECT 'SKU-' || n, 'product ' || n, n FROM generate_series(1, 20000) AS n"
        )
        conn.execute("ANALYZE products")
        assert plan(conn, "SKU-12345") == "Index Scan"
    product = await catalog.repo.get_by_sku("SKU-12345")
    assert product is not None
    assert product.price_cents == 12345
