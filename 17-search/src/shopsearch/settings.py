"""Settings from `SHOPSEARCH_*` variables, read once at start (lesson 03's pattern).

pydantic-settings reads and checks them all at once; `load_settings` turns a rejection into
one `ConfigError` that names every bad variable (the CLI prints them and exits 78). The two
URLs fall back to the course-wide `COURSE_POSTGRES_URL` and `COURSE_ELASTICSEARCH_URL`, then
to compose's defaults.
"""

from __future__ import annotations

import re

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shopsearch.errors import ConfigError

ENV_PREFIX = "SHOPSEARCH_"
DEFAULT_POSTGRES_URL = "postgresql://course:course@127.0.0.1:5432/course"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, populate_by_name=True, hide_input_in_errors=True
    )

    postgres_url: str = Field(
        default=DEFAULT_POSTGRES_URL,
        validation_alias=AliasChoices("SHOPSEARCH_POSTGRES_URL", "COURSE_POSTGRES_URL"),
    )
    # "" means: no search engine, Postgres is the search.
    elasticsearch_url: str = Field(
        default="http://127.0.0.1:9200",
        validation_alias=AliasChoices("SHOPSEARCH_ELASTICSEARCH_URL", "COURSE_ELASTICSEARCH_URL"),
    )
    # The Postgres schema that holds the tables. (`schema` itself is a name BaseModel uses.)
    schema_name: str = Field(default="shopsearch", validation_alias="SHOPSEARCH_SCHEMA")
    # The Elasticsearch alias searches go through.
    alias: str = "products"

    @field_validator("postgres_url", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        return DEFAULT_POSTGRES_URL if value == "" else value

    @field_validator("schema_name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        # It is put into SQL as an identifier (CREATE SCHEMA ...), so only a plain one passes.
        if not IDENTIFIER.match(value):
            raise ValueError("want a lower-case SQL identifier")
        return value

    @field_validator("alias")
    @classmethod
    def _index_name(cls, value: str) -> str:
        if not INDEX_NAME.match(value):
            raise ValueError("want a lower-case index name")
        return value


def variable_for(field: str) -> str:
    """The environment variable an operator sets for `field` (its first name, if it has two)."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        alias = alias.choices[0]
    return alias if isinstance(alias, str) else ENV_PREFIX + field.upper()


def load_settings() -> Settings:
    """The settings from the environment, or ConfigError naming every bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        names = {variable_for(name) for name in Settings.model_fields}
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            where = str(error["loc"][0])  # a field name, or the alias the value came in under
            variable = where if where in names else variable_for(where)
            problems.append(f"{variable}: {error['msg']}")
        raise ConfigError(problems) from None
