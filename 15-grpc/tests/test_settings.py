"""INVENTORY_TOKENS through pydantic-settings: pairs become a map, every bad form is refused
with the pair's number, and nothing that prints the settings prints a token."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from inventory.settings import Settings


def test_pairs_become_a_token_to_role_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INVENTORY_TOKENS", " hunter2:writer , t0ken:reader ")
    settings = Settings()
    assert settings.tokens == {"hunter2": "writer", "t0ken": "reader"}
    assert "hunter2" not in repr(settings)  # a logged Settings keeps its secrets


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty; expected token:role pairs"),
        (" , ", "empty; expected token:role pairs"),
        ("hunter2", "pair 1 is not token:role"),
        (":writer", "pair 1 is not token:role"),
        ("t0ken:reader,hunter2:admin", "pair 2: the role is 'admin', not reader or writer"),
    ],
)
def test_a_bad_value_is_refused_by_the_pairs_number(
    monkeypatch: pytest.MonkeyPatch, raw: str, says: str
) -> None:
    monkeypatch.setenv("INVENTORY_TOKENS", raw)
    with pytest.raises(ValidationError) as caught:
        Settings()
    (error,) = caught.value.errors()
    assert error["loc"] == ("tokens",)
    assert says in error["msg"]
    assert "hunter2" not in error["msg"]
