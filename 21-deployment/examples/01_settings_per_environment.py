"""One image, three environments: the same code reads its settings and applies each rule.

uv run python examples/01_settings_per_environment.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from deployable import ConfigError, load_settings


def attempt(title: str, variables: dict[str, str]) -> None:
    saved = os.environ.copy()
    os.environ.update(variables)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"{title}: refused")
        for problem in exc.problems:
            print(f"  {problem.split(';')[0]}")
    else:
        print(f"{title}: starts ({settings.environment}, docs={settings.expose_docs})")
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    for name in [n for n in os.environ if n.startswith("APP_")]:
        del os.environ[name]
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as mounted:
        # What Kubernetes mounts for a Secret: one file per key.
        Path(mounted, "app_database_url").write_text("postgresql://app:pw@db:5432/app")
        Path(mounted, "app_upstream_token").write_text("t0ken")
        attempt("dev, nothing set", {"APP_SECRETS_DIR": empty})
        attempt("prod, no secrets", {"APP_SECRETS_DIR": empty, "APP_ENVIRONMENT": "prod"})
        attempt(
            "prod, secrets mounted",
            {"APP_SECRETS_DIR": mounted, "APP_ENVIRONMENT": "prod", "APP_EXPOSE_DOCS": "false"},
        )


if __name__ == "__main__":
    main()
