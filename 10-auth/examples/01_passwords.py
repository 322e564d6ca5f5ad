"""Passwords with production parameters: Argon2id, a bcrypt upgrade, the 72-byte edge,
and the verification count that makes user enumeration visible."""

from __future__ import annotations

import tempfile
from pathlib import Path

import bcrypt

from authdemo import Auth, HashingParams, KeySet, PasswordHasher, Store, TokenSettings
from authdemo.broken import login_returning_early, verify_feeding_bcrypt_everything
from authdemo.errors import InvalidCredentialsError, PasswordPolicyError
from authdemo.keys import generate_key

PASSWORD = "correct horse battery staple"


class CountingHasher(PasswordHasher):
    """The real hasher, counting verifications."""

    def __init__(self, params: HashingParams) -> None:
        super().__init__(params)
        self.count = 0

    def verify(self, password: str, stored_hash: str) -> tuple[bool, str | None]:
        self.count += 1
        return super().verify(password, stored_hash)


def failed_login_costs(auth: Auth, hasher: CountingHasher, username: str, broken: bool) -> int:
    before = hasher.count
    try:
        if broken:
            login_returning_early(auth, username, "wrong password")
        else:
            auth.authenticate(username, "wrong password")
    except InvalidCredentialsError:
        pass
    return hasher.count - before


def main() -> None:
    hasher = CountingHasher(HashingParams())  # the production defaults
    print("new hash:", hasher.hash(PASSWORD)[:31] + "...")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "users.db"))
        store.init()
        auth = Auth(store, hasher, KeySet.single("k1", generate_key()), TokenSettings())
        legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=12)).decode()
        user_id = store.add_user("bob", legacy, frozenset())
        print("bob's stored hash:", legacy[:7] + "...")
        auth.authenticate("bob", PASSWORD)
        upgraded = store.get_user(user_id)
        assert upgraded is not None
        print("after bob logs in:", upgraded.password_hash[:31] + "...")

        long_password = "long-password-with-emoji" + "\N{GRINNING FACE}" * 16
        long_legacy = bcrypt.hashpw(long_password.encode()[:72], bcrypt.gensalt(4)).decode()
        print(f"{len(long_password.encode())}-byte password vs a legacy bcrypt hash:")
        try:
            verify_feeding_bcrypt_everything(hasher, long_password, long_legacy)
        except ValueError as exc:
            print("  broken:", type(exc).__name__, "-", str(exc).split(",")[0])
        matched, replacement = hasher.verify(long_password, long_legacy)
        print("  fixed: matched =", matched, "| upgraded to", (replacement or "")[:9])
        for password in ["\N{GRINNING FACE}" * 64, "\N{GRINNING FACE}" * 65]:
            size = f"{len(password)} emoji, {len(password.encode())} bytes"
            try:
                hasher.hash(password)
                print(f"  {size}: accepted")
            except PasswordPolicyError as exc:
                print(f"  {size}: rejected: {exc}")

        auth.register("alice", PASSWORD)
        print("verifications for one failed login:   known user | unknown user")
        for broken in (True, False):
            known = failed_login_costs(auth, hasher, "alice", broken)
            unknown = failed_login_costs(auth, hasher, "mallory", broken)
            name = "broken login_returning_early" if broken else "fixed  Auth.authenticate   "
            print(f"  {name}          {known} | {unknown}")


if __name__ == "__main__":
    main()
