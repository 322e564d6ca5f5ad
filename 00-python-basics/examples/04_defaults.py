"""Zero values become explicit defaults; None and "not given" are different things."""

from __future__ import annotations

from dataclasses import dataclass, field

from basics import MISSING, User, patch_user, resolve_timeout


def main() -> None:
    ada = User(1, "ada", email="ada@example.com")
    print(patch_user(ada, nickname="countess"))  # email not given: kept
    print(patch_user(ada, email=None))  # email given as None: cleared
    print("MISSING is its own thing:", repr(MISSING), MISSING is not None)

    first, second = User(2, "bob"), User(3, "eve")
    first.tags.append("beta")  # frozen stops rebinding, not mutating what a field holds
    print("default_factory gives each User its own list:", first.tags, second.tags)

    try:

        @dataclass
        class Request:
            headers: list[str] = []  # noqa: RUF008  # the point: dataclass refuses this

    except ValueError as exc:
        print("dataclass refuses a list default:", exc)

    @dataclass
    class FixedRequest:
        headers: list[str] = field(default_factory=list)

    print("field(default_factory=list):", FixedRequest().headers is not FixedRequest().headers)

    requested = 0.0
    print("timeout `or` default:", requested or 30.0, "| `is None` check:", resolve_timeout(0.0))
    print("timeout None:", resolve_timeout(None))


if __name__ == "__main__":
    main()
