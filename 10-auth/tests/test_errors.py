"""The exception tree drawn in `errors.py` is the one the code has, and each status it names
is the one `app.py` answers with."""

from __future__ import annotations

import doctest
import inspect
import json
import re

import pytest

from authdemo import errors
from authdemo.app import _auth_error

TREE = re.findall(r"^\s*[├└│─ ]*(\w+Error)\s+(\d{3})\s", inspect.getdoc(errors) or "", re.M)
SAMPLE_ARGS = {"InvalidTokenError": ("a reason",), "InsufficientScopeError": (["admin"],)}


def test_the_tree_names_every_auth_error_class() -> None:
    classes = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.AuthError)
    }
    assert {name for name, _ in TREE} == classes - {"AuthError"}


@pytest.mark.parametrize(("name", "status"), TREE)
def test_each_error_gets_the_status_the_tree_names(name: str, status: str) -> None:
    exc = getattr(errors, name)(*SAMPLE_ARGS.get(name, ()))
    assert _auth_error(exc).status_code == int(status)


def test_the_module_doctests_pass() -> None:
    result = doctest.testmod(errors)
    assert result.attempted > 0  # the example in `AuthError`'s docstring ran
    assert result.failed == 0


def test_every_422_has_the_validation_error_shape() -> None:
    """A policy error that reaches the mapping looks like pydantic's: a list, never the input."""
    response = _auth_error(errors.PasswordPolicyError("password must be at least 8 characters"))
    assert response.status_code == 422
    [field] = json.loads(bytes(response.body))["detail"]
    assert set(field) == {"type", "loc", "msg"}
    assert field["loc"] == ["body", "password"]
