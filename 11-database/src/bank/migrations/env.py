"""Alembic's environment: where the URL comes from, and how migrations run.

The URL is never written here or in alembic.ini. It comes from, in order:
1. the config's `sqlalchemy.url`, set by code (`bank.migrate.alembic_config(url)`);
2. the environment variable BANK_DATABASE_URL (for the `alembic` command line).
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from bank.connect import sqlalchemy_url
from bank.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("BANK_DATABASE_URL")
    if not url:
        raise SystemExit("set BANK_DATABASE_URL to the database to migrate")
    return sqlalchemy_url(url)


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the DDL for the URL's dialect, connect to nothing."""
    context.configure(
        url=database_url(),
        target_metadata=Base.metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # NullPool: a migration run opens one connection and closes it; nothing to keep.
    engine = create_engine(database_url(), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection, target_metadata=Base.metadata, compare_type=True
            )
            # One transaction around the whole run. On Postgres a failing migration rolls
            # back every DDL statement before it; MySQL commits each DDL statement on its
            # own, so the same failure leaves a half-applied schema (tests/test_migrations.py).
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
