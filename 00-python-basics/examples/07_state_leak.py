"""Break it: one process handles two signups in a row; does the first leak into the second?

A server is this loop: it imports the handler's module once, then calls the same function for
every request, in the same process, for days. usage: 07_state_leak.py {broken,fixed}
"""

from __future__ import annotations

import argparse
import importlib

ALICE = {"email": "alice-at-example.com", "password": "hunter"}  # invalid twice, and weak
BOB = {"email": "bob@example.com", "password": "correct-horse-battery-9"}  # valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", choices=["broken", "fixed"])
    args = parser.parse_args()
    module = importlib.import_module(f"basics.{args.version}")  # imported once, like a server
    for request_id, form in (("req-1", ALICE), ("req-2", BOB)):
        result = module.handle_signup(form, request_id)
        print(f"{request_id} {form['email']}: {result.status}")
        print(f"  errors:   {list(result.errors)}")
        print(f"  warnings: {list(result.warnings)}")


if __name__ == "__main__":
    main()
