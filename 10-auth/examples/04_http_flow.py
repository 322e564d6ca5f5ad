"""The whole flow over real HTTP: uvicorn in a thread on port 0, a temporary database."""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
from pathlib import Path

import httpx2 as httpx
import uvicorn

from authdemo import Settings, create_app

PASSWORD = "correct horse battery staple"


def show(label: str, response: httpx.Response, header: bool = False) -> None:
    extra = f"  WWW-Authenticate: {response.headers['www-authenticate']}" if header else ""
    body = response.text if response.status_code != 200 or "token" not in response.text else ""
    print(f"{label:<28} -> {response.status_code} {body}{extra}".rstrip())


def main() -> None:
    # The server's own log lines, on stdout so they interleave in order with the output.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("    server log: %(message)s"))
    logging.getLogger("authdemo").addHandler(handler)
    logging.getLogger("authdemo").setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(db_path=str(Path(tmp) / "auth.db")))
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
        thread = threading.Thread(target=server.run)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise SystemExit("uvicorn failed to start")
            threading.Event().wait(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                run(client)
        finally:
            server.should_exit = True
            thread.join()


def run(client: httpx.Client) -> None:
    credentials = {"username": "alice", "password": PASSWORD}
    show("POST /register", client.post("/register", json=credentials))
    login = client.post("/login", json=credentials)
    show("POST /login", login)
    tokens = login.json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    show("GET /me", client.get("/me", headers=bearer))
    show("GET /me (no token)", client.get("/me"), header=True)
    show("GET /me (Basic auth)", client.get("/me", auth=("alice", PASSWORD)), header=True)
    show("GET /me (bad token)", client.get("/me", headers={"Authorization": "Bearer x"}), True)
    show("GET /admin/users", client.get("/admin/users", headers=bearer), header=True)
    a = tokens["refresh_token"]
    rotated = client.post("/refresh", json={"refresh_token": a})
    show("POST /refresh with A", rotated)
    b = rotated.json()["refresh_token"]
    show("POST /refresh with A again", client.post("/refresh", json={"refresh_token": a}))
    show("POST /refresh with B", client.post("/refresh", json={"refresh_token": b}))
    show(
        "POST /login (wrong password)",
        client.post("/login", json={**credentials, "password": "nope-nope"}),
    )
    show(
        "POST /login (unknown user)", client.post("/login", json={**credentials, "username": "bob"})
    )
    show(
        "POST /login (65 emoji)",
        client.post("/login", json={**credentials, "password": "\N{GRINNING FACE}" * 65}),
    )


if __name__ == "__main__":
    main()
