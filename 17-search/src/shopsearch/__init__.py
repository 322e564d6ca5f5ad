"""Search engines are not databases: Postgres full-text search and an Elasticsearch copy."""

from shopsearch.dataset import Product, generate
from shopsearch.db import Hit, Page
from shopsearch.errors import ConfigError, DatabaseUnavailable, IndexingFailed, SearchError
from shopsearch.index import BulkReport
from shopsearch.service import SearchResponse, SearchService
from shopsearch.settings import Settings, load_settings

__all__ = [
    "BulkReport",
    "ConfigError",
    "DatabaseUnavailable",
    "Hit",
    "IndexingFailed",
    "Page",
    "Product",
    "SearchError",
    "SearchResponse",
    "SearchService",
    "Settings",
    "generate",
    "load_settings",
]
