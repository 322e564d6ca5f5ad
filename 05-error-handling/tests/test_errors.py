"""The exception tree, the validation group and the one mapping table."""

from __future__ import annotations

import asyncio

import pytest

import accounts.errors
from accounts.errors import (
    AccountsError,
    DuplicateError,
    InvalidAccountError,
    InvalidFieldError,
    NotFoundError,
    StoreUnavailableError,
)
from accounts.outcomes import OUTCOMES, outcome_for
from accounts.validation import MAX_NAME, validate_new_account


def domain_errors() -> set[type[AccountsError]]:
    """Every AccountsError subclass defined in accounts.errors, at any depth.

    `__subclasses__()` sees every live subclass, wherever it was defined: a test's local
    class, or a caller's own refinement, stays visible until the garbage collector frees
    it. The domain tree is what errors.py defines, so that is what these tests compare.
    """
    found: set[type[AccountsError]] = set()
    todo = [AccountsError]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__ == accounts.errors.__name__:
                found.add(sub)
    return found


def test_every_domain_error_has_its_own_row_in_the_outcomes_table() -> None:
    """A new AccountsError without a row would silently become exit 1 / HTTP 500."""
    assert domain_errors() == set(OUTCOMES) - {AccountsError}


def test_errors_module_exports_exactly_the_tree() -> None:
    exported = {getattr(accounts.errors, name) for name in accounts.errors.__all__}
    assert exported == {AccountsError} | domain_errors()


def test_a_subclass_defined_elsewhere_is_not_part_of_the_tree() -> None:
    """Why the two tests above filter by module: a subclass defined outside errors.py (here,
    in this test) is a live subclass, yet not a domain error that needs its own row."""

    class LocalError(NotFoundError):
        pass

    assert LocalError in NotFoundError.__subclasses__()
    assert LocalError not in domain_errors()


@pytest.mark.parametrize(
    ("exc", "code", "exit_code", "status"),
    [
        (NotFoundError(1), "not_found", 3, 404),
        (DuplicateError("a@b.co"), "duplicate", 4, 409),
        (InvalidFieldError("name", "blank"), "invalid", 5, 422),
        (InvalidAccountError("bad", [InvalidFieldError("name", "blank")]), "invalid", 5, 422),
        (StoreUnavailableError("busy"), "unavailable", 6, 503),
        (AccountsError("unclassified"), "error", 1, 500),
    ],
)
def test_outcome_for_maps_each_type(
    exc: AccountsError, code: str, exit_code: int, status: int
) -> None:
    outcome = outcome_for(exc)
    assert (outcome.code, outcome.exit_code, outcome.http_status) == (code, exit_code, status)


def test_a_subclass_without_a_row_falls_back_to_its_parents_row() -> None:
    class ArchivedError(NotFoundError):
        pass

    assert outcome_for(ArchivedError(3)) == OUTCOMES[NotFoundError]


def test_validation_reports_every_bad_field_at_once() -> None:
    with pytest.raises(InvalidAccountError) as info:
        validate_new_account("no-at-sign", " " * 3)
    group = info.value
    assert isinstance(group, ExceptionGroup)
    assert isinstance(group, AccountsError)
    assert group.fields == ["email", "name"]
    assert all(isinstance(leaf, InvalidFieldError) for leaf in group.exceptions)


def test_validation_passes_good_input_and_rejects_a_long_name() -> None:
    validate_new_account("ada@example.com", "Ada")
    with pytest.raises(InvalidAccountError) as info:
        validate_new_account("ada@example.com", "x" * (MAX_NAME + 1))
    assert info.value.fields == ["name"]


def handle_email_problems(email: str, name: str, seen: list[str]) -> None:
    """Handle only the email part of a validation group; hand the rest on."""
    try:
        validate_new_account(email, name)
    except* InvalidFieldError as group:
        # The predicate also sees the group itself, so test for the leaf type first.
        email_part, rest = group.split(
            lambda e: isinstance(e, InvalidFieldError) and e.field == "email"
        )
        if email_part is not None:
            seen.extend(e.field for e in email_part.exceptions if isinstance(e, InvalidFieldError))
        if rest is not None:
            raise rest from None  # the unhandled part goes on; the split kept its leaves


def test_except_star_splits_the_group_and_keeps_the_domain_type() -> None:
    """``derive`` makes split()/except* parts InvalidAccountError, not plain ExceptionGroup."""
    seen: list[str] = []
    with pytest.raises(InvalidAccountError) as rest:
        handle_email_problems("no-at-sign", "", seen)
    assert seen == ["email"]
    assert rest.value.fields == ["name"]


def test_except_star_wraps_a_naked_error_in_a_group() -> None:
    """Good to know: except* always binds a group, even for a single raised error."""
    caught: list[BaseExceptionGroup[NotFoundError]] = []
    try:
        raise NotFoundError(5)
    except* NotFoundError as eg:
        caught.append(eg)
    (wrapper,) = caught
    assert isinstance(wrapper, ExceptionGroup)
    (leaf,) = wrapper.exceptions
    assert isinstance(leaf, NotFoundError)
    assert leaf.account_id == 5


async def fail_with(exc: Exception) -> None:
    await asyncio.sleep(0)
    raise exc


async def one_failing_task_with_plain_except() -> str:
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_with(NotFoundError(1)))
    except NotFoundError:  # never matches: the group is what propagates
        return "caught"
    return "no error"


@pytest.mark.anyio
async def test_taskgroup_failures_arrive_as_a_group_so_plain_except_misses_them() -> None:
    """Even one failing task reaches the caller inside an ExceptionGroup."""
    with pytest.raises(ExceptionGroup) as info:
        await one_failing_task_with_plain_except()
    assert [type(e) for e in info.value.exceptions] == [NotFoundError]


@pytest.mark.anyio
async def test_except_star_handles_each_kind_from_a_taskgroup() -> None:
    handled: list[type[BaseException]] = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_with(NotFoundError(1)))
            tg.create_task(fail_with(DuplicateError("a@b.co")))
    except* NotFoundError as eg:
        handled += [type(e) for e in eg.exceptions]
    except* DuplicateError as eg:
        handled += [type(e) for e in eg.exceptions]
    assert sorted(t.__name__ for t in handled) == ["DuplicateError", "NotFoundError"]
