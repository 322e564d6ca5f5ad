"""Threads racing freely, with no barrier: does the GIL protect `x += 1`?

    uv run python examples/02_free_race.py

Each counter is incremented 4 x 50_000 times by 4 threads, with the GIL asked to switch as
often as it can. The numbers vary from run to run; what matters is which one is zero.
"""

from __future__ import annotations

import sys
import threading

from workers import LockedCounter, UnsafeCounter

THREADS, TIMES = 4, 50_000


class InlineCounter:
    """`self.value += 1` and nothing else: no call between the read and the write."""

    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> None:
        self.value += 1


def lost(counter: InlineCounter | UnsafeCounter | LockedCounter) -> int:
    def hammer() -> None:
        for _ in range(TIMES):
            counter.increment()

    threads = [threading.Thread(target=hammer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return THREADS * TIMES - counter.value


def main() -> None:
    sys.setswitchinterval(1e-6)  # default 0.005 s; smaller makes switches (and races) likelier
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # 3.13+; always True before
    print(f"python {sys.version_info.major}.{sys.version_info.minor}, GIL enabled: {gil}")
    print(f"x += 1, nothing in between:      lost {lost(InlineCounter())}")
    print(f"read, call a function, write:    lost {lost(UnsafeCounter())}")
    print(f"same, under threading.Lock:      lost {lost(LockedCounter())}")


if __name__ == "__main__":
    main()
