"""Remove what examples/02 left: the namespace's exchange and queues, and its schema.

uv run python examples/03_cleanup.py
"""

from __future__ import annotations

import asyncio

from orderbus import Settings
from orderbus.scratch import remove

if __name__ == "__main__":
    settings = Settings()
    asyncio.run(remove(settings))
    print(f"removed namespace {settings.namespace}")
