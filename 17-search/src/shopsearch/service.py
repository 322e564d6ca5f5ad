"""The search a caller uses: Elasticsearch when it answers, the database when it does not.

The response says which one answered. A degraded answer is still an answer (Postgres full-text
search is good), but the caller, a dashboard and the logs must be able to tell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from elasticsearch import ApiError, Elasticsearch, TransportError

from shopsearch import db, index
from shopsearch.db import Hit

logger = logging.getLogger(__name__)

DEGRADED = "the search engine is unavailable: these results come from the database"


@dataclass(frozen=True, slots=True)
class SearchResponse:
    backend: str  # "elasticsearch" or "postgres"
    degraded: bool
    hits: list[Hit]
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class SearchService:
    conn: psycopg.Connection[Any]
    es: Elasticsearch | None
    alias: str = "products"

    def search(self, text: str, size: int = 10) -> SearchResponse:
        if self.es is None:  # configured without a search engine: Postgres is the search
            return SearchResponse("postgres", False, db.fts_search(self.conn, text, size))
        try:
            hits = index.search(self.es, self.alias, text, size=size)
        except TransportError:  # connection refused, timeout, TLS: the engine is not there
            logger.warning("search engine unreachable, answering from postgres", exc_info=True)
        except ApiError as exc:
            if exc.meta.status < 500 and exc.meta.status != 404:
                raise  # our request is wrong: falling back would hide a bug
            # 5xx: the cluster is sick; 404: the index is gone (lost data, a bad reindex).
            logger.warning("search engine failed, answering from postgres", exc_info=True)
        else:
            return SearchResponse("elasticsearch", False, hits)
        return SearchResponse(
            "postgres", True, db.fts_search(self.conn, text, size), notice=DEGRADED
        )
