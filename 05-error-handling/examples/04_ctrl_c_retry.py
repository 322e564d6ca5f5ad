"""Press Ctrl-C while a retry loop waits: the broken loop carries on, the fixed one stops.

    uv run python examples/04_ctrl_c_retry.py broken   # Ctrl-C: "retrying"; type ok to finish
    uv run python examples/04_ctrl_c_retry.py fixed    # Ctrl-C: "interrupted", ends by SIGINT

The "upstream" is this process's stdin: a line "ok" is a good reply, anything else (or end of
input) is a transient failure worth retrying.
"""

from __future__ import annotations

import itertools
import signal
import sys

from accounts.broken.bare_except import retry_forever
from accounts.cli import end_by_sigint
from accounts.errors import StoreUnavailableError
from accounts.resilience import retry

attempts = itertools.count(1)


def ask_upstream() -> str:
    print(f"attempt {next(attempts)}: waiting for upstream", flush=True)
    reply = sys.stdin.readline().strip()  # blocks: this is where Ctrl-C lands
    if reply != "ok":
        raise StoreUnavailableError(f"upstream replied {reply!r}")
    return reply


def say(attempt: int, exc: BaseException) -> None:
    print(f"attempt {attempt} failed with {type(exc).__name__}; retrying", flush=True)


def main(argv: list[str]) -> int:
    # A process started in the background by a non-interactive shell inherits SIGINT as
    # "ignored", and Python then installs no KeyboardInterrupt handler. Restore it so that
    # Ctrl-C and `kill -INT` mean the same thing however this script was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    variant = argv[1] if len(argv) > 1 else "fixed"
    try:
        if variant == "broken":
            reply = retry_forever(ask_upstream, on_retry=say)
        else:
            reply = retry(ask_upstream, attempts=5, backoff=0.0, on_retry=say)
    except StoreUnavailableError as exc:
        print(f"gave up: {exc}", file=sys.stderr)
        return 6
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        end_by_sigint()  # nothing to clean up here; a shell shows 130, subprocess -2
    print(f"done: upstream said {reply}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
