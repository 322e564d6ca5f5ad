"""Run the FastAPI app on uvicorn from Python, send good and bad input, stop it cleanly."""

from __future__ import annotations

import threading

import httpx2 as httpx
import uvicorn

from httpserver import Settings, create_app


def show(response: httpx.Response) -> None:
    print(response.request.method, response.request.url.path, "->", response.status_code)
    print("   ", response.text[:110])


def main() -> None:
    app = create_app(Settings(max_body_bytes=1024))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    # In a thread uvicorn installs no signal handlers; we stop it with should_exit.
    thread = threading.Thread(target=server.run)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("uvicorn failed to start")
        threading.Event().wait(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        show(client.post("/notes", json={"title": "first", "body": "hello"}))
        show(client.get("/notes/1"))
        show(client.get("/notes/42"))
        show(
            client.post(
                "/notes", content=b'{"title": ', headers={"content-type": "application/json"}
            )
        )
        show(client.post("/notes", json={"title": 7}))
        show(
            client.post("/notes", content=b"x" * 5000, headers={"content-type": "application/json"})
        )

    server.should_exit = True
    thread.join()
    print("lifespan shutdown ran; store open:", app.state.store.is_open)


if __name__ == "__main__":
    main()
