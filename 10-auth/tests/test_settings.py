"""Settings from `AUTHDEMO_*` variables: a bad value stops startup and names the variable."""

from __future__ import annotations

import pytest

from authdemo import Settings


@pytest.mark.parametrize(
    "variable",
    ["AUTHDEMO_ACCESS_TTL_SECONDS", "AUTHDEMO_ARGON2_TIME_COST", "AUTHDEMO_BCRYPT_ROUNDS"],
)
@pytest.mark.parametrize("raw", ["0", "-300", "5m", "3.5"])
def test_a_bad_number_fails_naming_the_variable(variable: str, raw: str) -> None:
    with pytest.raises(ValueError, match=variable):
        Settings.from_env({variable: raw})


def test_an_empty_variable_means_the_default() -> None:
    assert Settings.from_env({"AUTHDEMO_ACCESS_TTL_SECONDS": ""}).tokens.access_ttl_seconds == 300
