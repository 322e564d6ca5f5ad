"""The tables: the business (orders, stock, charges, receipts), the job queue, and cron reports."""

from __future__ import annotations

import psycopg

SCHEMA = """
CREATE TABLE IF NOT EXISTS stock (
    sku text PRIMARY KEY,
    available integer NOT NULL CHECK (available >= 0)
);
CREATE TABLE IF NOT EXISTS orders (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    sku text NOT NULL REFERENCES stock (sku),
    amount_cents integer NOT NULL CHECK (amount_cents > 0)
);
-- The idempotency key is UNIQUE: a second insert with the same key cannot happen.
CREATE TABLE IF NOT EXISTS charges (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    amount_cents integer NOT NULL,
    idempotency_key text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS receipts (
    order_id bigint PRIMARY KEY REFERENCES orders (id)
);
-- A row here means "the payment provider is down": charges fail with a transient error.
CREATE TABLE IF NOT EXISTS outages (provider text PRIMARY KEY);
-- Every attempt to charge, committed on its own: how the tests count retries.
CREATE TABLE IF NOT EXISTS attempts (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    args jsonb NOT NULL,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL,
    run_at timestamptz NOT NULL DEFAULT now(),
    locked_by text,
    locked_until timestamptz,
    last_error text,
    finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (run_at, id) WHERE state IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS reports (
    id bigserial PRIMARY KEY,
    day date NOT NULL,
    orders integer NOT NULL
);
"""


def create_schema(url: str) -> None:
    """Create every table (idempotent)."""
    with psycopg.connect(url) as conn:
        conn.execute(SCHEMA)
