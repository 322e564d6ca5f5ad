"""Where does each setting come from? Keyword argument > environment > .env > default.

Run: uv run python examples/01_precedence.py
The script builds its own environment and its own .env in a temporary folder, so what your
shell exports or what your own .env says does not change its output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from settings_demo import load_settings


def main() -> None:
    for name in [name for name in os.environ if name.startswith("SIGNER_")]:
        del os.environ[name]  # start from nothing: this demo controls its environment
    with tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / ".env"
        env_file.write_text(
            "SIGNER_LINKS__BASE_URL=http://127.0.0.1:9000/files\n"
            "SIGNER_HTTP__PORT=7000\n"
            "SIGNER_LOG_LEVEL=DEBUG\n"
            "SIGNER_LINKS__TTL=PT5M\n"
        )
        os.environ["SIGNER_HTTP__PORT"] = "9000"
        os.environ["SIGNER_LINKS__TTL"] = "PT10M"

        settings = load_settings(env_file=env_file, links={"base_url": "https://cdn.example/"})

    rows = [
        ("links.base_url", str(settings.links.base_url), "keyword argument (beat .env)"),
        ("links.ttl", str(settings.links.ttl), "environment (beat .env)"),
        ("http.port", str(settings.http.port), "environment (beat .env)"),
        ("log_level", settings.log_level, ".env (beat the default)"),
        ("http.host", settings.http.host, "default (nobody set it)"),
    ]
    for field, value, source in rows:
        print(f"{field:<15} {value:<22} {source}")


if __name__ == "__main__":
    main()
