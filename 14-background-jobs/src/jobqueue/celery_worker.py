"""The module `celery -A jobqueue.celery_worker worker` loads: Celery wants an app object at
import time, so this is the one module that reads the settings when imported."""

from __future__ import annotations

from jobqueue.broken import register_broken_tasks
from jobqueue.celery_app import create_app
from jobqueue.settings import Settings

settings = Settings()
app = create_app(settings)
register_broken_tasks(app, settings)
