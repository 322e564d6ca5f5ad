"""Routers over real HTTP: versioned prefixes, path parameters, 404, 405, 422, 401.

python examples/01_routes.py                      # auth as middleware (the default)
python examples/01_routes.py --auth dependency    # auth as a per-route dependency
"""

from __future__ import annotations

import argparse

import httpx2 as httpx

from routing import Settings, build_app
from routing.running import running

KEY = "demo-key-alice"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth", choices=["middleware", "dependency"], default="middleware")
    args = parser.parse_args()
    settings = Settings(api_keys={KEY: "alice"}, auth_mode=args.auth)
    alice = {"Authorization": f"Bearer {KEY}"}
    requests = [
        ("GET", "/v1/items/1", alice),
        ("GET", "/v2/items/HAM-001", alice),
        ("GET", "/v1/items/abc", alice),
        ("GET", "/v3/items/1", alice),
        ("POST", "/v1/items/1", alice),
        ("GET", "/v1/items/1", {}),
        ("GET", "/admin", {}),
    ]
    with running(build_app(settings)) as url, httpx.Client(base_url=url, timeout=10) as http:
        for method, path, headers in requests:
            response = http.request(method, path, headers=headers)
            key = "key" if headers else "no key"
            print(f"{method:4} {path:18} {key:6} -> {response.status_code} {response.text[:80]}")
            for name in ("allow", "www-authenticate"):
                if name in response.headers:
                    print(f"{'':33}{name}: {response.headers[name]}")


if __name__ == "__main__":
    main()
