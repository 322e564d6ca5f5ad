"""Signing keys, one per `kid`: the active key signs, every key in the set verifies.

Rotation is three steps, none of which logs anybody out:

1. `keys.rotated(new_kid, new_key)`: the new key signs from now on; the old key stays in
   `verify_keys`, so tokens it signed remain valid.
2. wait at least the access-token lifetime plus the leeway;
3. `keys.without(old_kid)`: tokens signed with the old key are now rejected ("unknown kid").

Private keys are generated (`generate_key`) or loaded from PEM files (`load_key_dir`), never
committed. The public half is published as a JWKS (`jwks()`): it is public by design, which
is exactly why a decoder must never use it as an HMAC secret (see `broken.py`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger("authdemo")

RSA_KEY_BITS = 2048


def generate_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)


def private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@dataclass(frozen=True, slots=True)
class KeySet:
    """The signing key and every public key that may verify a token, by `kid`."""

    signing_kid: str
    signing_key: rsa.RSAPrivateKey
    verify_keys: Mapping[str, rsa.RSAPublicKey] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = dict(self.verify_keys)
        keys.setdefault(self.signing_kid, self.signing_key.public_key())
        for kid, key in keys.items():
            # jwks() publishes every verify key (a private key would publish its "d"), and
            # tokens.py verifies every one with RS256 only.
            if not isinstance(key, rsa.RSAPublicKey):
                raise TypeError(f"verify key {kid!r} is a {type(key).__name__}, not RSA public")
        object.__setattr__(self, "verify_keys", MappingProxyType(keys))

    @classmethod
    def single(cls, kid: str, key: rsa.RSAPrivateKey) -> KeySet:
        return cls(kid, key)

    def rotated(self, kid: str, key: rsa.RSAPrivateKey) -> KeySet:
        """A new signing key; the old public keys keep verifying."""
        if kid in self.verify_keys:
            raise ValueError(f"kid {kid!r} is already in the key set")
        return KeySet(kid, key, {**self.verify_keys, kid: key.public_key()})

    def without(self, kid: str) -> KeySet:
        """Retire a key: tokens it signed stop verifying."""
        if kid == self.signing_kid:
            raise ValueError("cannot remove the key that is signing")
        rest = {k: v for k, v in self.verify_keys.items() if k != kid}
        return KeySet(self.signing_kid, self.signing_key, rest)

    def jwks(self) -> dict[str, Any]:
        """The public keys as a JSON Web Key Set (what `/.well-known/jwks.json` serves)."""
        keys = []
        for kid, public in sorted(self.verify_keys.items()):
            jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(public))
            keys.append({**jwk, "kid": kid, "alg": "RS256", "use": "sig"})
        return {"keys": keys}


def load_key_dir(directory: Path, active_kid: str | None = None) -> KeySet:
    """Load `<kid>.pem` private keys; `active_kid` (default: last in sort order) signs."""
    found: dict[str, rsa.RSAPrivateKey] = {}
    for path in sorted(directory.glob("*.pem")):
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path.name}: not an RSA private key")
        found[path.stem] = key
    if not found:
        raise ValueError(f"no <kid>.pem keys in {directory}")
    kid = active_kid or sorted(found)[-1]
    if kid not in found:
        raise ValueError(f"active kid {kid!r} has no key file in {directory}")
    public = {name: key.public_key() for name, key in found.items()}
    return KeySet(kid, found[kid], public)


def ephemeral_keys() -> KeySet:
    """A fresh key for a server with no key directory: tokens die with the process."""
    log.warning("no AUTHDEMO_KEY_DIR: signing with an ephemeral key")
    return KeySet.single("ephemeral", generate_key())
