"""The command-line edge: parse arguments, call the core, map errors to exit codes.

Exit codes come from ``accounts.outcomes`` (the only table); this module decides only how a
failure is *shown*: one line per error on stderr, plus its notes, fields and cause.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import NoReturn, TypeVar

from accounts import service
from accounts.errors import AccountsError, InvalidFieldError
from accounts.models import Account
from accounts.outcomes import OUTCOMES, outcome_for
from accounts.resilience import retry
from accounts.store import AccountStore, connect

__all__ = ["main"]

PROG = "accounts"
EXIT_USAGE = 2  # argparse's code for bad arguments; a file that cannot be read is one
T = TypeVar("T")


def exit_codes() -> str:
    """The --help epilog: every exit status a script may see, from the one table."""
    rows = {0: "success", 1: "failed at run time (store cannot be opened, unexpected error)"}
    rows[EXIT_USAGE] = "usage: bad arguments, or an import file that cannot be read"
    for cls, outcome in OUTCOMES.items():
        if outcome.exit_code > EXIT_USAGE:
            rows[outcome.exit_code] = f"{outcome.code} ({cls.__name__})"
    lines = [f"  {code:<3} {meaning}" for code, meaning in sorted(rows.items())]
    lines.append("  Ctrl-C ends the command by SIGINT after cleanup (a shell shows 130)")
    return "exit status:\n" + "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Manage accounts in SQLite.",
        epilog=exit_codes(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db", default="accounts.sqlite3", help="SQLite file (default: %(default)s)"
    )
    parser.add_argument(
        "--busy-timeout", type=float, default=5.0, help="seconds to wait for a locked store"
    )
    parser.add_argument("--attempts", type=int, default=3, help="tries when the store is busy")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an account")
    add.add_argument("email")
    add.add_argument("name")
    get = sub.add_parser("get", help="show one account")
    get.add_argument("id", type=int)
    set_email = sub.add_parser("set-email", help="change an account's email")
    set_email.add_argument("id", type=int)
    set_email.add_argument("email")
    imp = sub.add_parser("import", help="add accounts from an email,name CSV file")
    imp.add_argument("file", type=Path)
    sub.add_parser("list", help="show all accounts")
    return parser


def show(account: Account) -> None:
    print(f"{account.id} {account.email} {account.name}")  # the name last: it may hold spaces


def report(exc: AccountsError) -> int:
    """Print a domain error for a human on stderr and return its exit code."""
    outcome = outcome_for(exc)
    # A group's str() appends "(N sub-exceptions)"; .message is the text it was given.
    message = exc.message if isinstance(exc, BaseExceptionGroup) else str(exc)
    print(f"{PROG}: {outcome.code}: {message}", file=sys.stderr)
    if isinstance(exc, BaseExceptionGroup):
        for leaf in exc.exceptions:
            if isinstance(leaf, InvalidFieldError):
                print(f"  {leaf.field}: {leaf.problem}", file=sys.stderr)
    for note in getattr(exc, "__notes__", ()):
        print(f"  at {note}", file=sys.stderr)
    if exc.__cause__ is not None:
        cause = exc.__cause__
        print(
            f"  caused by {type(cause).__module__}.{type(cause).__qualname__}: {cause}",
            file=sys.stderr,
        )
    return outcome.exit_code


def say_retrying(attempt: int, exc: Exception) -> None:
    print(f"{PROG}: attempt {attempt} failed ({exc}); retrying", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    def with_retry(op: Callable[[], T]) -> T:
        # Only StoreUnavailableError is retried (resilience.retry's default): a duplicate or
        # an invalid field will fail the same way every time, so retrying them only adds delay.
        # Retrying a write is safe here because a SQLITE_BUSY statement changed nothing.
        return retry(op, attempts=args.attempts, on_retry=say_retrying)

    conn = with_retry(lambda: connect(args.db, busy_timeout=args.busy_timeout))
    try:
        store = AccountStore(conn)
        match args.command:
            case "add":
                show(with_retry(lambda: service.register(store, args.email, args.name)))
            case "get":
                show(with_retry(lambda: store.get(args.id)))
            case "set-email":
                show(with_retry(lambda: store.change_email(args.id, args.email)))
            case "import":
                try:
                    lines = args.file.open(newline="", encoding="utf-8")
                except OSError as exc:  # a missing or unreadable file is bad input, not a bug
                    print(f"{PROG}: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
                    return EXIT_USAGE
                with lines:
                    created = service.import_rows(store, lines, source=str(args.file))
                print(f"imported {len(created)} accounts")
            case "list":
                for account in with_retry(store.all):
                    show(account)
        return 0
    finally:
        conn.close()


def end_by_sigint() -> NoReturn:
    """Die *of* SIGINT, as CPython does for an unhandled Ctrl-C, minus the traceback.

    A shell running `accounts import a.csv; next-step` gets the Ctrl-C too, then waits for
    its child: only a child that died of SIGINT makes it stop as well (an `exit 130` looks
    like a child that handled the signal, and `next-step` runs). The shell shows 130 either
    way; `subprocess` reports -2.
    """
    for stream in (sys.stdout, sys.stderr):  # the kill skips the interpreter's own flush
        with suppress(OSError, ValueError):
            stream.flush()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    sys.exit(128 + signal.SIGINT)  # only if SIGINT is blocked


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # bad usage: argparse prints usage, exits 2
    try:
        return run(args)  # its `finally` has closed the connection by the time we get here
    except AccountsError as exc:
        return report(exc)
    except KeyboardInterrupt:
        # Ctrl-C is not an error to report: one line, no traceback, then the signal's own end.
        print(f"{PROG}: interrupted", file=sys.stderr)
        end_by_sigint()
    # Anything else is a bug: let it crash with a traceback and exit 1.


if __name__ == "__main__":
    sys.exit(main())
