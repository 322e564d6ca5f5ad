"""`shopsearch`: load the catalogue, search it, keep the search copy in sync.

Exit codes (the course's table): 0 ok (`sync` prints how many documents were refused; they stay
in the outbox for the next run), 1 a run-time failure (a rebuild whose documents were refused,
an error Elasticsearch answered with, a database error such as loading twice), 2 usage,
69 Postgres or Elasticsearch unreachable, 78 a bad SHOPSEARCH_* variable.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import psycopg
from elasticsearch import ApiError, TransportError

from shopsearch import dataset, db, index, sync
from shopsearch.errors import ConfigError, DatabaseUnavailable, IndexingFailed
from shopsearch.service import SearchService
from shopsearch.settings import Settings, load_settings

PROG = "shopsearch"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="create the tables and load generated products")
    load.add_argument("--count", type=positive, default=20_000)
    find = commands.add_parser("search", help="search the products")
    find.add_argument("text")
    find.add_argument("--size", type=positive, default=5)
    find.add_argument(
        "--how",
        choices=["auto", "fts", "ilike", "fuzzy"],
        default="auto",
        help="auto: Elasticsearch, falling back to Postgres full-text search",
    )
    commands.add_parser("sync", help="ship queued changes to Elasticsearch")
    commands.add_parser("rebuild", help="reindex every product behind the alias")
    commands.add_parser("drop", help="drop the schema and everything in it")
    commands.add_parser("drop-index", help="delete the alias's indices in Elasticsearch")
    return top


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"want a positive number, got {value}")
    return value


def connect(settings: Settings) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(
            settings.postgres_url, options=f"-c search_path={settings.schema_name},public"
        )
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(str(exc).splitlines()[0]) from exc


def run(args: argparse.Namespace, settings: Settings) -> None:
    with connect(settings) as conn:
        match args.command:
            case "load":
                db.install_extensions(conn)
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {settings.schema_name}")
                db.create_tables(conn)
                db.insert_products(conn, dataset.generate(args.count))
                print(f"loaded {args.count} products into {settings.schema_name}.products")
            case "search":
                show(conn, settings, args.text, args.how, args.size)
            case "sync":
                report = sync.drain_outbox(
                    conn, index.connect(settings.elasticsearch_url), settings.alias
                )
                print(f"shipped {report.ok}, refused {len(report.failed)}")
            case "rebuild":
                es = index.connect(settings.elasticsearch_url)
                print(f"alias {settings.alias} -> {sync.rebuild(conn, es, settings.alias)}")
            case "drop-index":
                es = index.connect(settings.elasticsearch_url)
                print(f"deleted {len(index.delete_indices(es, settings.alias))} index(es)")
            case "drop":
                conn.execute(f"DROP SCHEMA IF EXISTS {settings.schema_name} CASCADE")
                print(f"dropped schema {settings.schema_name}")


def show(conn: psycopg.Connection[Any], settings: Settings, text: str, how: str, size: int) -> None:
    if how == "ilike":
        hits = db.ilike_search(conn, text, size)
    elif how == "fuzzy":
        hits = db.fuzzy_search(conn, text, size)
    elif how == "fts":
        hits = db.fts_search(conn, text, size)
    else:
        es = index.connect(settings.elasticsearch_url) if settings.elasticsearch_url else None
        response = SearchService(conn, es, settings.alias).search(text, size)
        if response.notice:
            print(f"{PROG}: {response.notice}", file=sys.stderr, flush=True)
        hits = response.hits
    for hit in hits:
        snippet = f"  ... {hit.snippet}" if hit.snippet else ""
        print(f"{hit.id:>6}  {hit.name}{snippet}")
    print(f"{len(hits)} hit(s)")


class ShortFormatter(logging.Formatter):
    """A log line for a terminal: the exception's last line instead of the whole traceback
    (a service's JSON logs keep the traceback; this is a CLI)."""

    def formatException(self, ei: Any) -> str:  # logging's own name
        return f"  caused by {ei[0].__name__}"


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)  # exits 2 with the usage on a bad command line
    handler = logging.StreamHandler()
    handler.setFormatter(ShortFormatter(f"{PROG}: %(levelname)s %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)  # our own warning says it
    try:
        settings = load_settings()
        run(args, settings)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"{PROG}: {problem}", file=sys.stderr)
        sys.exit(78)
    except (DatabaseUnavailable, TransportError) as exc:
        print(f"{PROG}: unavailable: {exc}", file=sys.stderr)
        sys.exit(69)
    except IndexingFailed as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        sys.exit(1)
    except ApiError as exc:  # Elasticsearch answered, and refused: a 4xx, or a 5xx it reports
        print(f"{PROG}: elasticsearch refused: {exc.meta.status} {exc.message}", file=sys.stderr)
        sys.exit(1)
    except psycopg.Error as exc:  # after connecting: a table that exists, a query refused
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        print(f"{PROG}: {type(exc).__name__}: {first_line}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        # Ctrl-C: the connection's context manager rolled back; now die by SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
