"""Lesson 12: a product catalog with Redis in front of Postgres, and the failures it hides."""

from catalog.bootstrap import open_catalog, redis_client
from catalog.cache import CacheStats, Lease, Lookup, ProductCache
from catalog.db import Repository
from catalog.errors import CatalogError, ProductNotFound
from catalog.models import Product
from catalog.service import Catalog, Writer
from catalog.settings import Settings
from catalog.singleflight import SingleFlight

__all__ = [
    "CacheStats",
    "Catalog",
    "CatalogError",
    "Lease",
    "Lookup",
    "Product",
    "ProductCache",
    "ProductNotFound",
    "Repository",
    "Settings",
    "SingleFlight",
    "Writer",
    "open_catalog",
    "redis_client",
]
