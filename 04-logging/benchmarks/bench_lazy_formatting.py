"""What a disabled debug line costs: an f-string vs logging's lazy %-style arguments.

Usage: uv run python benchmarks/bench_lazy_formatting.py [--number N] [--repeat R]

The logger's level is INFO, so none of these calls emits anything. The f-string builds its
message anyway, before logging can check the level; the %-style call passes the arguments
unformatted and returns at the level check. The argument is a small dict, like a request's
parameters, whose repr is what a real debug line would format.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import timeit
from collections.abc import Callable

logger = logging.getLogger("bench.lazy")
logger.addHandler(logging.NullHandler())
logger.propagate = False
logger.setLevel(logging.INFO)

PARAMS = {f"field_{n}": n * 1.5 for n in range(12)}
USER = "ann"


def lazy() -> None:
    logger.debug("request params=%s user=%s", PARAMS, USER)


def fstring() -> None:
    logger.debug(f"request params={PARAMS} user={USER}")  # what the lesson warns about


def guarded_fstring() -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"request params={PARAMS} user={USER}")


VARIANTS: dict[str, Callable[[], None]] = {
    "lazy %s (baseline)": lazy,
    "f-string": fstring,
    "isEnabledFor + f-string": guarded_fstring,
}


def measure(number: int, repeat: int) -> dict[str, list[float]]:
    """Nanoseconds per call of each run, for each variant."""
    return {
        name: [run / number * 1e9 for run in timeit.repeat(func, number=number, repeat=repeat)]
        for name, func in VARIANTS.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=100_000, help="calls per run")
    parser.add_argument("--repeat", type=int, default=7, help="runs; median and min-max shown")
    args = parser.parse_args()

    runs = measure(args.number, args.repeat)
    baseline = statistics.median(runs["lazy %s (baseline)"])
    print(f"disabled DEBUG call, {args.repeat} runs x {args.number} calls")
    print(f"| {'variant':<24} | {'median ns':>9} | {'min-max ns':>15} | {'ratio':>6} |")
    print(f"| {'-' * 24} | {'-' * 9}:| {'-' * 15}:| {'-' * 6}:|")
    for name, ns in runs.items():
        median = statistics.median(ns)
        spread = f"{min(ns):.1f}-{max(ns):.1f}"
        print(f"| {name:<24} | {median:9.1f} | {spread:>15} | {median / baseline:5.1f}x |")


if __name__ == "__main__":
    main()
