"""Time failed logins for a known and an unknown user, broken vs fixed login.

    uv run python benchmarks/bench_login_timing.py            # production Argon2 parameters
    uv run python benchmarks/bench_login_timing.py --rounds 3 --fast

Prints the median of `--rounds` runs of `--logins` failed logins each, and the ratio
unknown/known. A ratio far below 1 means an attacker can tell unknown users apart by timing.
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


def median_seconds(
    login: Callable[[Auth, str, str], User], auth: Auth, username: str, rounds: int, logins: int
) -> float:
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(logins):
            with contextlib.suppress(InvalidCredentialsError):
                login(auth, username, "wrong password")
        runs.append((time.perf_counter() - start) / logins)
    return statistics.median(runs)


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
        print(f"{'login':<8} {'known user':>12} {'unknown user':>13} {'unknown/known':>14}")
        for name, login in (("broken", login_returning_early), ("fixed", fixed)):
            known = median_seconds(login, auth, "alice", args.rounds, args.logins)
            unknown = median_seconds(login, auth, "mallory", args.rounds, args.logins)
            print(
                f"{name:<8} {known * 1000:>9.2f} ms {unknown * 1000:>10.2f} ms"
                f" {unknown / known:>14.2f}"
            )


if __name__ == "__main__":
    main()
