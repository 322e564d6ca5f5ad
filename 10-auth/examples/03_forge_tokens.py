"""The forgery matrix: each forged token against the broken decoder that falls for it,
and against the lesson's decoder (algorithm pinned, every claim required)."""

from __future__ import annotations

from authdemo import KeySet, TokenSettings, decode_access_token, generate_key
from authdemo.errors import InvalidTokenError
from authdemo.forgeries import MATRIX


def main() -> None:
    settings = TokenSettings()
    ours = KeySet.single("k1", generate_key())
    attacker = KeySet.single("evil", generate_key())
    print(f"{'forgery':<18} {'broken decoder':<24} {'broken':<9} fixed")
    for case in MATRIX:
        token = case.make(ours, attacker, settings, "42")
        try:
            claims = case.broken(token, ours)
            broken = "admin!" if claims.get("scope") == "admin" else "accepted"
        except InvalidTokenError:
            broken = "rejected"
        try:
            decode_access_token(token, ours, settings)
            fixed = "ACCEPTED"
        except InvalidTokenError as exc:
            fixed = f"rejected ({exc.reason.split(':')[0]})"
        print(f"{case.name:<18} {case.broken.__name__:<24} {broken:<9} {fixed}")


if __name__ == "__main__":
    main()
