"""`deployable-migrate`: create or update the schema, once per release (a Kubernetes Job).

Migrations run as their own step, not at every pod start: ten pods starting together would
race on the same DDL, and a failing migration would crash-loop the whole Deployment.

Exit status: 0 migrated; 69 database unreachable; 78 bad APP_* configuration.
"""

from __future__ import annotations

import asyncio
import sys

from deployable import _db
from deployable._settings import settings_or_exit
from deployable.errors import DependencyUnavailable
from deployable.serve import EXIT_UNAVAILABLE


def main() -> int:
    settings = settings_or_exit("deployable-migrate")
    try:
        asyncio.run(_db.migrate(settings.database_dsn()))
    except DependencyUnavailable as exc:
        print(f"deployable-migrate: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print("deployable-migrate: schema is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
