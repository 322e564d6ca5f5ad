"""Every error the auth core raises, and the one status code each maps to at the HTTP edge.

    AuthError                      catch this to handle any auth failure
    ├── PasswordPolicyError        422  the password breaks the length policy (passwords.py)
    ├── UsernameTakenError         409  register with a name that exists
    ├── InvalidCredentialsError    401  unknown user OR wrong password (never says which)
    ├── MissingTokenError          401  no `Authorization: Bearer ...` header (or another scheme)
    ├── InvalidTokenError          401  an access token failed any check (`reason` is for logs)
    ├── InsufficientScopeError     403  a valid token without the scope a route needs
    ├── RefreshTokenError          401  unknown, expired, revoked or already-used refresh token
    │   └── RefreshTokenReuseError 401  a used token came back: its whole family is revoked
    └── HashingBusyError           503  every password-hashing slot stayed busy (passwords.py)

The HTTP layer (`app.py`) is the only place that turns these into responses, and it sends
the same body for every `InvalidTokenError`: the `reason` goes to the server log only.

`ConfigError` is apart from the tree: bad `AUTHDEMO_*` variables at startup, before anything
is served; `authdemo-serve` prints one line per variable and exits 78 (`EX_CONFIG`).
"""

from __future__ import annotations


class AuthError(Exception):
    """Base class. `except AuthError` handles every failure of the auth core:

    >>> from authdemo.errors import AuthError, InvalidCredentialsError
    >>> try:
    ...     raise InvalidCredentialsError()
    ... except AuthError as exc:
    ...     type(exc).__name__
    'InvalidCredentialsError'
    """


class PasswordPolicyError(AuthError, ValueError):
    """The password is too short or too long (see `authdemo.passwords`)."""


class UsernameTakenError(AuthError):
    """A user with this name already exists."""


class InvalidCredentialsError(AuthError):
    """Login failed. Deliberately the same error whether or not the user exists."""


class InvalidTokenError(AuthError):
    """An access token was rejected. `reason` names the failed check, for the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MissingTokenError(AuthError):
    """The request carries no bearer token."""


class InsufficientScopeError(AuthError):
    """The token is valid but lacks `scopes`."""

    def __init__(self, scopes: list[str]) -> None:
        super().__init__(" ".join(scopes))
        self.scopes = scopes


class RefreshTokenError(AuthError):
    """A refresh token cannot be used: unknown, expired, revoked, or already rotated."""


class RefreshTokenReuseError(RefreshTokenError):
    """A refresh token was presented a second time; its family has just been revoked."""


class HashingBusyError(AuthError):
    """Every password-hashing slot stayed taken for the whole wait: try again shortly."""


class ConfigError(Exception):
    """The configuration is invalid: `problems` holds (variable, message) for each one."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems
