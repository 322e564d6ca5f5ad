"""Issue and verify an access token, then rotate the signing key without logging anyone out."""

from __future__ import annotations

import jwt

from authdemo import KeySet, TokenSettings, decode_access_token, generate_key, issue_access_token
from authdemo.errors import InvalidTokenError


def main() -> None:
    settings = TokenSettings()
    keys = KeySet.single("2026-01", generate_key())
    old = issue_access_token(keys, settings, subject="7", scopes=frozenset({"read"}))
    print("header:", jwt.get_unverified_header(old))
    claims = decode_access_token(old, keys, settings)
    print("verified: sub", claims.subject, "scopes", sorted(claims.scopes))

    rotated = keys.rotated("2026-02", generate_key())
    new = issue_access_token(rotated, settings, subject="7")
    print("after rotation, new tokens use kid", jwt.get_unverified_header(new)["kid"])
    print("  old token still verifies:", decode_access_token(old, rotated, settings).subject == "7")

    retired = rotated.without("2026-01")
    try:
        decode_access_token(old, retired, settings)
    except InvalidTokenError as exc:
        print("after removing 2026-01, old token:", type(exc).__name__, f"({exc.reason})")
    print("  new token verifies:", decode_access_token(new, retired, settings).subject == "7")


if __name__ == "__main__":
    main()
