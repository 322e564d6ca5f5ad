"""Break it: two signup requests to one long-lived server; does the first leak into the second?

usage: 07_state_leak.py {broken,fixed}
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request

from basics import broken, fixed
from basics.server import serve_signup

ALICE = {"email": "alice-at-example.com", "password": "hunter"}  # invalid twice, and weak
BOB = {"email": "bob@example.com", "password": "correct-horse-battery-9"}  # valid


def post(url: str, form: dict[str, str], request_id: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(form).encode(),
        headers={"Content-Type": "application/json", "X-Request-Id": request_id},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", choices=["broken", "fixed"])
    args = parser.parse_args()
    handle = broken.handle_signup if args.version == "broken" else fixed.handle_signup
    with serve_signup(handle) as base_url:
        for request_id, form in (("req-1", ALICE), ("req-2", BOB)):
            status, body = post(f"{base_url}/signup", form, request_id)
            print(f"{request_id} {form['email']}: {status}")
            print(f"  errors:   {body['errors']}")
            print(f"  warnings: {body['warnings']}")


if __name__ == "__main__":
    main()
