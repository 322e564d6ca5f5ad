"""The service's one job: sign a link so that it expires. Pure functions, no config reading."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from urllib.parse import urlencode


def sign_link(base_url: str, path: str, key: bytes, ttl: timedelta, now: datetime) -> str:
    """Return ``base_url + path`` with an expiry and an HMAC-SHA256 signature over both."""
    expires = int((now + ttl).timestamp())
    payload = f"{path}\n{expires}".encode()
    signature = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return f"{base_url.rstrip('/')}{path}?{urlencode({'expires': expires, 'sig': signature})}"


def verify_link(path: str, expires: int, signature: str, key: bytes, now: datetime) -> bool:
    """True if the signature matches and the link has not expired."""
    payload = f"{path}\n{expires}".encode()
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature) and now.timestamp() < expires
