"""A place of its own for the examples and the benchmark: a Postgres schema named after the
namespace, and the namespace's exchange and queues. `reset` empties both; `remove` drops both."""

from __future__ import annotations

from urllib.parse import quote

import aio_pika
import psycopg

from orderbus.bootstrap import topology_of
from orderbus.settings import Settings
from orderbus.topology import delete


def schema_of(settings: Settings) -> str:
    return settings.namespace.replace("-", "_").replace(".", "_")


def in_own_schema(settings: Settings) -> Settings:
    """The same settings, with Postgres tables in the namespace's own schema."""
    sep = "&" if "?" in settings.postgres_url else "?"
    options = quote(f"-c search_path={schema_of(settings)}")
    return settings.model_copy(
        update={"postgres_url": f"{settings.postgres_url}{sep}options={options}"}
    )


async def remove(settings: Settings) -> None:
    async with await psycopg.AsyncConnection.connect(settings.postgres_url, autocommit=True) as c:
        await c.execute(f"DROP SCHEMA IF EXISTS {schema_of(settings)} CASCADE")
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        await delete(await connection.channel(), topology_of(settings))


async def reset(settings: Settings) -> Settings:
    """Start from nothing: remove what an earlier run left, create the schema again."""
    await remove(settings)
    async with await psycopg.AsyncConnection.connect(settings.postgres_url, autocommit=True) as c:
        await c.execute(f"CREATE SCHEMA {schema_of(settings)}")
    return in_own_schema(settings)
