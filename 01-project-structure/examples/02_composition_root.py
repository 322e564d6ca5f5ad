"""The composition root: settings from an environment mapping, the database opened on demand."""

import tempfile
from pathlib import Path

from notes import Settings, open_service

with tempfile.TemporaryDirectory() as home:
    settings = Settings.from_env({"HOME": home})  # a mapping, not os.environ: easy to test
    db = Path(settings.db)
    print("settings point at:", db.relative_to(home))
    print("exists before open_service:", db.exists())
    with open_service(settings) as service:
        service.add("written to SQLite")
        print("exists inside open_service:", db.exists())
    with open_service(settings) as service:  # a new connection sees the same row
        print("after reopening:", service.list())
