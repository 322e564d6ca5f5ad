"""Settings, read once at start: a bad variable is named and the server exits 78 (lesson 03).

The tokens are secrets, so they come from the environment (or a secrets manager that sets it),
never from a command-line flag that `ps` shows; the rest are flags (`inventory-server --help`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROLES = ("reader", "writer")
EXAMPLE = "s3cret:writer,t0ken:reader"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INVENTORY_", frozen=True)

    # Bearer token -> role, from INVENTORY_TOKENS="token:role,token:role". NoDecode: the value
    # is this list of pairs, not JSON. repr=False: a logged Settings must not print a token.
    tokens: Annotated[dict[str, str], NoDecode] = Field(
        repr=False, description=f"token:role pairs, e.g. {EXAMPLE}"
    )

    @field_validator("tokens", mode="before")
    @classmethod
    def _pairs(cls, raw: object) -> object:
        """Parse the pairs; an error names the pair by position, never by its token."""
        if not isinstance(raw, str):
            return raw
        pairs = [pair.strip() for pair in raw.split(",") if pair.strip()]
        if not pairs:
            raise ValueError(f"empty; expected token:role pairs, e.g. {EXAMPLE}")
        tokens: dict[str, str] = {}
        for number, pair in enumerate(pairs, start=1):
            token, colon, role = pair.partition(":")
            if not token or not colon:
                raise ValueError(f"pair {number} is not token:role (e.g. {EXAMPLE})")
            if role not in ROLES:
                raise ValueError(f"pair {number}: the role is {role!r}, not reader or writer")
            tokens[token] = role
        return tokens
