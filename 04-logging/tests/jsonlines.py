"""Parse what a process wrote as JSON lines, strictly: a line that is not JSON is an error."""

from __future__ import annotations

import json
from typing import Any


class NotJsonLineError(ValueError):
    """A line in a JSON-lines stream that a log collector could not parse."""


def json_lines(text: str) -> list[dict[str, Any]]:
    """One dict per non-empty line; raises NotJsonLineError on the first line that is not."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise NotJsonLineError(f"line {number} is not JSON: {line!r}") from exc
        if not isinstance(record, dict):
            raise NotJsonLineError(f"line {number} is JSON but not an object: {line!r}")
        records.append(record)
    return records


def events(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r.get("event") == name]
