"""Lesson 08: an HTTP server's lifecycle (lifespan, graceful shutdown, limits, timeouts)."""

from httpserver._errors import LogServerErrors
from httpserver._limits import BodySizeLimit
from httpserver._settings import Settings
from httpserver._store import Note, NoteStore, StoreClosedError
from httpserver._timeout import HandlerTimeout
from httpserver.app import create_app

__all__ = [
    "BodySizeLimit",
    "HandlerTimeout",
    "LogServerErrors",
    "Note",
    "NoteStore",
    "Settings",
    "StoreClosedError",
    "create_app",
]
