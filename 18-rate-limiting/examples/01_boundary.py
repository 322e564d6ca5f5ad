"""Five algorithms, one limit (10 a minute), 10 requests just before a window boundary and 10
just after. The clock is a variable we set: nothing sleeps, and the output never changes."""

from __future__ import annotations

from throttle import (
    GCRA,
    FixedWindow,
    Limiter,
    Rate,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
)


def main() -> None:
    now = [0.0]

    def clock() -> float:
        return now[0]

    rate = Rate.parse("10/min")
    limiters: dict[str, Limiter] = {
        "token bucket": TokenBucket(rate, clock=clock),
        "fixed window": FixedWindow(rate, clock=clock),
        "sliding-window log": SlidingWindowLog(rate, clock=clock),
        "sliding-window counter": SlidingWindowCounter(rate, clock=clock),
        "GCRA": GCRA(rate, clock=clock),
    }
    print(f"{rate.limit} a minute; 10 requests at t=59.9 s, then 10 at t=60.0 s")
    print(f"{'algorithm':<24}{'at 59.9':>8}{'at 60.0':>8}{'total':>7}")
    for name, limiter in limiters.items():
        now[0] = 59.9
        before = sum(limiter.allow("ada").allowed for _ in range(10))
        now[0] = 60.0
        after = sum(limiter.allow("ada").allowed for _ in range(10))
        print(f"{name:<24}{before:>8}{after:>8}{before + after:>7}")


if __name__ == "__main__":
    main()
