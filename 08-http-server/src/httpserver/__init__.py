"""Lesson 08: an HTTP server's lifecycle (lifespan, graceful shutdown, limits)."""

from httpserver._limits import BodySizeLimit
from httpserver._settings import Settings
from httpserver._store import Note, NoteStore, StoreClosedError
from httpserver.app import create_app

__all__ = ["BodySizeLimit", "Note", "NoteStore", "Settings", "StoreClosedError", "create_app"]
