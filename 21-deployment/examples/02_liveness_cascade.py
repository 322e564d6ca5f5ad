"""The cascade on paper: an 80 s database outage, four pods, two liveness probes.

Probes every 10 s, failureThreshold 3, a restart takes 25 s (pull, start, startup probe).
A liveness probe that checks the database restarts every pod, again and again, and after
the outage they are still starting; one that checks only the process restarts nothing, while
readiness takes the pods out of the Service for exactly the outage.

    uv run python examples/02_liveness_cascade.py
"""

from __future__ import annotations

PODS = 4
OUTAGE = range(10, 90)  # seconds during which the database is down
PERIOD, THRESHOLD, RESTART = 10, 3, 25


def simulate(liveness_checks_database: bool) -> tuple[int, int]:
    """Restarts over 120 s, and the seconds with no pod serving after the database is back."""
    failures = [0] * PODS
    down_until = [0] * PODS  # a restarting pod serves nothing until then
    restarts = 0
    dark_after_outage = 0
    for second in range(120):
        database_up = second not in OUTAGE
        serving = sum(1 for p in range(PODS) if second >= down_until[p] and database_up)
        if database_up and serving == 0 and second > OUTAGE.stop - 1:
            dark_after_outage += 1
        if second % PERIOD:
            continue
        for pod in range(PODS):
            if second < down_until[pod]:
                continue
            healthy = database_up or not liveness_checks_database
            failures[pod] = 0 if healthy else failures[pod] + 1
            if failures[pod] >= THRESHOLD:
                restarts += 1
                failures[pod] = 0
                down_until[pod] = second + RESTART
    return restarts, dark_after_outage


def main() -> None:
    print("liveness probe        restarts  dark seconds after the database is back")
    for label, checks in (("checks the database", True), ("checks the process", False)):
        restarts, dark = simulate(checks)
        print(f"{label:<21} {restarts:>8}  {dark:>4}")


if __name__ == "__main__":
    main()
