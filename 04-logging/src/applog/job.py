"""`applog-job`: a batch job that locates IPs with a third-party library (Break it, part 2).

The job imports its library first and configures logging second, in that order, exactly as
a module with `import chatty_geo` at the top and `configure_logging()` in `main()` does.

    applog-job --library polite               the library logs through the app's JSON
    applog-job --library chatty               the library's print() breaks the JSON stream
    applog-job --library chatty --no-force    ...and its basicConfig() wins over the app's
"""

from __future__ import annotations

import argparse
import importlib
import uuid

import structlog
from structlog.contextvars import bound_contextvars

from applog._config import configure_logging

log = structlog.stdlib.get_logger(__name__)

IPS = ("81.2.69.160", "89.160.20.112", "10.0.0.1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="applog-job", description=__doc__)
    parser.add_argument("--library", choices=["polite", "chatty"], default="polite")
    parser.add_argument(
        "--no-force",
        dest="force",
        action="store_false",
        help="configure like plain logging.basicConfig(): keep an existing root handler",
    )
    parser.add_argument("--job-id", default=None, help="default: a random hex id")
    args = parser.parse_args(argv)

    # As if `from applog.thirdparty import chatty_geo` stood at the top of this module.
    geo = importlib.import_module(f"applog.thirdparty.{args.library}_geo")
    configure_logging(fmt="json", level="INFO", force=args.force)

    with bound_contextvars(job_id=args.job_id or uuid.uuid4().hex):
        log.info("job.started", library=args.library, ips=len(IPS))
        located = 0
        for ip in IPS:
            country = geo.lookup(ip)
            located += country is not None
            log.info("ip.located", ip=ip, country=country)
        log.info("job.finished", located=located)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
