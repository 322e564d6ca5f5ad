"""Start `routing-serve` as a real process on port 0, call it, stop it with a signal.

python examples/05_real_server.py                 # SIGTERM, the orchestrator's stop: exit 0
python examples/05_real_server.py --signal INT    # Ctrl-C: drains, then dies by SIGINT (-2)

The server's own stderr (uvicorn's lines and our access log) is printed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx2 as httpx

BIN = Path(sys.executable).parent
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signal", choices=["TERM", "INT"], default="TERM")
    stop = signal.Signals[f"SIG{parser.parse_args().signal}"]
    env = {
        "PATH": os.environ["PATH"],
        "ROUTING_API_KEYS": "alice:demo-key-alice,bob:demo-key-bob",
    }
    proc = subprocess.Popen(
        [str(BIN / "routing-serve"), "--port", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    log: list[str] = []
    for line in proc.stderr:
        log.append(line.rstrip())
        if found := RUNNING.search(line):
            port = int(found[1])
            break
    else:
        raise SystemExit(f"routing-serve exited {proc.wait(20)} before listening: {log}")
    reader = threading.Thread(target=lambda: log.extend(x.rstrip() for x in proc.stderr or []))
    reader.start()

    bob = {"Authorization": "Bearer demo-key-bob", "X-Request-ID": "real-1"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
        response = http.get("/v2/items/DRL-003", headers=bob)
        print(response.status_code, response.json())
        response = http.get("/v2/items/DRL-003", headers={"X-Request-ID": "real-2"})
        print(response.status_code, response.json())

    proc.send_signal(stop)
    print("exit status:", proc.wait(20))
    reader.join(20)
    print("server stderr:")
    for line in log:
        print(" ", line)


if __name__ == "__main__":
    main()
