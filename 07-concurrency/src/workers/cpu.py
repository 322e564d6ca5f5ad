"""CPU-bound work in pure Python: holds the GIL for its whole run.

Module-level so a ProcessPoolExecutor can pickle it by name (a lambda or a local function
cannot cross a process boundary).
"""

from __future__ import annotations


def count_primes(limit: int) -> int:
    """How many primes are below `limit`, by trial division (slow on purpose)."""
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count
