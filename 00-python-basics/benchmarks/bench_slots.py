"""Memory per instance, with and without __slots__, measured with tracemalloc.

usage: uv run python benchmarks/bench_slots.py [--instances N] [--repeats R]

Each variant builds N two-field objects and keeps them alive; tracemalloc reports how many bytes
that allocated. The table shows the median over R runs, the spread (min-max) over those runs,
and the ratio of the medians to a plain class.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
from collections.abc import Callable
from typing import NamedTuple

from basics.memory import (
    DataPoint,
    PlainPoint,
    SlottedDataPoint,
    SlottedPoint,
    bytes_per_instance,
)


class TuplePoint(NamedTuple):
    x: int
    y: int


def plain_with_dict(i: int) -> PlainPoint:
    point = PlainPoint(i, i)
    _ = point.__dict__  # reading __dict__ makes CPython build the real dict object
    return point


VARIANTS: dict[str, Callable[[int], object]] = {
    "class": lambda i: PlainPoint(i, i),
    "class, __dict__ read": plain_with_dict,
    "@dataclass": lambda i: DataPoint(i, i),
    "NamedTuple": lambda i: TuplePoint(i, i),
    "class with __slots__": lambda i: SlottedPoint(i, i),
    "@dataclass(slots=True)": lambda i: SlottedDataPoint(i, i),
}
BASELINE = "class"


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Memory per instance, with and without slots.")
    parser.add_argument("--instances", type=positive, default=20_000)
    parser.add_argument("--repeats", type=positive, default=5)
    args = parser.parse_args(argv)

    runs = {
        name: [bytes_per_instance(factory, args.instances) for _ in range(args.repeats)]
        for name, factory in VARIANTS.items()
    }
    medians = {name: statistics.median(values) for name, values in runs.items()}
    print(
        f"{args.instances} instances, median of {args.repeats} runs, "
        f"{platform.python_implementation()} {sys.version.split()[0]}"
    )
    print("| variant | bytes per instance | min-max | ratio to class |")
    print("| --- | ---: | ---: | ---: |")
    for name, median in medians.items():
        spread = f"{min(runs[name]):.0f}-{max(runs[name]):.0f}"
        print(f"| {name} | {median:.0f} | {spread} | {median / medians[BASELINE]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
