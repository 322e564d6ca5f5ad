"""roomchat: a small chat service on WebSockets (two ways) and Server-Sent Events."""

from roomchat.asgi import create_app
from roomchat.auth import authenticate, origin_allowed, sign, verify
from roomchat.bootstrap import open_hub
from roomchat.client import Received, backoff_delays, follow
from roomchat.errors import RoomchatError, Unauthorized, Unavailable
from roomchat.hub import Backlog, Event, Hub, Subscriber, stream_order
from roomchat.settings import Settings
from roomchat.ws_server import WebsocketsApp, port_of, running

__all__ = [
    "Backlog",
    "Event",
    "Hub",
    "Received",
    "RoomchatError",
    "Settings",
    "Subscriber",
    "Unauthorized",
    "Unavailable",
    "WebsocketsApp",
    "authenticate",
    "backoff_delays",
    "create_app",
    "follow",
    "open_hub",
    "origin_allowed",
    "port_of",
    "running",
    "sign",
    "stream_order",
    "verify",
]
