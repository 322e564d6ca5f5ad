"""Lesson 10: passwords (passlib/libpass), access tokens (PyJWT), rotating refresh tokens."""

from authdemo._settings import HashingParams, Settings, TokenSettings, load_settings
from authdemo._store import Rotation, RotationResult, Store, User
from authdemo.app import create_app
from authdemo.keys import KeySet, generate_key, load_key_dir
from authdemo.passwords import PasswordHasher
from authdemo.service import Auth, TokenPair, hash_refresh_token
from authdemo.tokens import AccessClaims, decode_access_token, issue_access_token

__all__ = [
    "AccessClaims",
    "Auth",
    "HashingParams",
    "KeySet",
    "PasswordHasher",
    "Rotation",
    "RotationResult",
    "Settings",
    "Store",
    "TokenPair",
    "TokenSettings",
    "User",
    "create_app",
    "decode_access_token",
    "generate_key",
    "hash_refresh_token",
    "issue_access_token",
    "load_key_dir",
    "load_settings",
]
