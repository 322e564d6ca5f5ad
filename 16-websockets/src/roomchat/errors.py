"""The lesson's exceptions.

RoomchatError
├── Unauthorized      a token or ticket is missing, forged or expired (HTTP 401)
└── Unavailable       Redis or the port cannot be had at start (exit 69)
"""

from __future__ import annotations


class RoomchatError(Exception):
    """Base class for the lesson's errors."""


class Unauthorized(RoomchatError):
    """The credential is missing, forged, of the wrong kind or expired."""


class Unavailable(RoomchatError):
    """A service the server needs cannot be reached."""
