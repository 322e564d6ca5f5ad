"""`POST /login`'s core: the per-IP limit, *then* the password hash.

Order is the whole point. A refused request must cost one Redis round trip; a limit checked
after the hash has already paid for the hash, and a password guesser (or anyone who wants to
burn your CPU) gets all the work they ask for, refused or not (lab 04).
"""

from __future__ import annotations

from throttle.errors import NotAuthenticated
from throttle.guard import LOGIN, Guard, Limited
from throttle.passwords import PasswordChecker
from throttle.tokens import issue_token


async def log_in(
    guard: Guard, passwords: PasswordChecker, ip: str, user: str, password: str
) -> tuple[str, Limited | None]:
    """A token for a right password; NotAuthenticated or RateLimited otherwise."""
    limited = await guard.check(LOGIN, "login", ip, guard.settings.login_rate)
    ok = await passwords.verify(user, password)
    if not ok:
        raise NotAuthenticated("wrong user or password")
    secret = guard.settings.token_secret.get_secret_value()
    return issue_token(secret, user, "free"), limited
