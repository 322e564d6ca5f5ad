"""`httpserver-serve` startup: what happens when it cannot listen."""

from __future__ import annotations

import os
import socket
import subprocess

from tests.procs import BIN, DEADLINE


def test_port_in_use_exits_3_after_the_lifespan_closed_its_resources() -> None:
    """uvicorn runs the lifespan startup *before* binding, and returns (no exception) when
    the bind fails; `main()` turns "never started" into exit status 3, and the lifespan
    shutdown has already closed the store."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(BIN / "httpserver-serve"), "--port", str(port)],
            env={"PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
    assert done.returncode == 3
    assert done.stdout == ""
    assert "address already in use" in done.stderr
    assert done.stderr.index("lifespan.startup") < done.stderr.index("lifespan.shutdown")
