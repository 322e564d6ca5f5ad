"""Time failed logins for a known and an unknown user, broken vs fixed login.

    uv run python benchmarks/bench_login_timing.py            # production Argon2 parameters
    uv run python benchmarks/bench_login_timing.py --rounds 3 --fast

Prints, per failed login, the median of `--rounds` runs of `--logins` logins each, the
spread over those runs (min-max), and the ratio of the medians unknown/known. A ratio far
below 1 means an attacker can tell unknown users apart by timing.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from authdemo import Auth, HashingParams, KeySet, PasswordHasher, Store, TokenSettings, User
from authdemo.broken import login_returning_early
from authdemo.errors import InvalidCredentialsError
from authdemo.keys import generate_key

FAST = HashingParams(argon2_time_cost=1, argon2_memory_kib=1024, argon2_parallelism=1)


def fixed(auth: Auth, username: str, password: str) -> User:
    return auth.authenticate(username, password)


def per_login_ms(
    login: Callable[[Auth, str, str], User], auth: Auth, username: str, rounds: int, logins: int
) -> list[float]:
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(logins):
            with contextlib.suppress(InvalidCredentialsError):
                login(auth, username, "wrong password")
        runs.append((time.perf_counter() - start) / logins * 1000)
    return runs


def cell(runs: list[float]) -> str:
    """`median (min-max)` in ms."""
    return f"{statistics.median(runs):.2f} ({min(runs):.2f}-{max(runs):.2f})"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--logins", type=int, default=5)
    parser.add_argument("--fast", action="store_true", help="cheap Argon2 (for the test)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        store.init()
        hasher = PasswordHasher(FAST if args.fast else HashingParams())
        auth = Auth(store, hasher, KeySet.single("k1", generate_key()), TokenSettings())
        auth.register("alice", "correct horse battery staple")
        print(f"ms per failed login, median (min-max) of {args.rounds} runs of {args.logins}")
        print(f"{'login':<8} {'known user':>24} {'unknown user':>24} {'unknown/known':>14}")
        for name, login in (("broken", login_returning_early), ("fixed", fixed)):
            known = per_login_ms(login, auth, "alice", args.rounds, args.logins)
            unknown = per_login_ms(login, auth, "mallory", args.rounds, args.logins)
            ratio = statistics.median(unknown) / statistics.median(known)
            print(f"{name:<8} {cell(known):>24} {cell(unknown):>24} {ratio:>14.2f}")


if __name__ == "__main__":
    main()
