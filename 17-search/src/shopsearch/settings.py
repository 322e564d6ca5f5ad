"""Settings, read once at start from the environment; every bad variable is named (exit 78)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from shopsearch.errors import ConfigError

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True, slots=True)
class Settings:
    postgres_url: str
    elasticsearch_url: str  # "" means: no search engine, Postgres is the search
    schema: str  # the Postgres schema that holds the tables
    alias: str  # the Elasticsearch alias searches go through

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        problems = []
        schema = env.get("SHOPSEARCH_SCHEMA", "shopsearch")
        if not IDENTIFIER.match(schema):
            problems.append(f"SHOPSEARCH_SCHEMA={schema!r}: want a lower-case SQL identifier")
        alias = env.get("SHOPSEARCH_ALIAS", "products")
        if not re.match(r"^[a-z0-9][a-z0-9_-]*$", alias):
            problems.append(f"SHOPSEARCH_ALIAS={alias!r}: want a lower-case index name")
        if problems:
            raise ConfigError(problems)
        return cls(
            postgres_url=env.get("SHOPSEARCH_POSTGRES_URL")
            or env.get("COURSE_POSTGRES_URL")
            or "postgresql://course:course@127.0.0.1:5432/course",
            elasticsearch_url=env.get(
                "SHOPSEARCH_ELASTICSEARCH_URL",
                env.get("COURSE_ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
            ),
            schema=schema,
            alias=alias,
        )
