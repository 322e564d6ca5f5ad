"""`shopwatch-serve shop|pricing`: run a service on uvicorn, one process or several workers.

With `--workers N` (N > 1) every worker is its own process with its own memory, so its own
prometheus-client counters: a scrape sees whichever worker answered it. This command gives
the workers one PROMETHEUS_MULTIPROC_DIR, where each writes its values and where `/metrics`
reads them all (metrics.py, `render_metrics`).

Exit status: 0 drained after SIGTERM; 2 bad option; 69 could not listen (port taken);
78 bad SHOPWATCH_* variable; killed by SIGINT (shell 130) after draining on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from types import FrameType

import uvicorn
from fastapi import FastAPI
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace import TracerProvider
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from shopwatch.app import create_app
from shopwatch.errors import ConfigError
from shopwatch.logs import configure_logging
from shopwatch.pricing import create_pricing_app
from shopwatch.settings import Settings, load_settings
from shopwatch.tracing import make_tracer_provider

EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


def _provider(settings: Settings, service_name: str) -> TracerProvider:
    exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint) if settings.otlp_endpoint else None
    return make_tracer_provider(service_name, settings.trace_ratio, exporter)


def shop_app() -> FastAPI:
    """The factory each worker calls (uvicorn imports it by name in every process)."""
    configure_logging()
    settings = load_settings()
    return create_app(settings, tracer_provider=_provider(settings, settings.service_name))


def pricing_app() -> FastAPI:
    configure_logging()
    return create_pricing_app(_provider(load_settings(), "pricing"))


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the SIGTERM it caught after draining; exit 0 instead of dying by it.
    raise SystemExit(0)


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 to 65535 (0 picks a free one).

    Out of range is a usage error (exit 2, naming --port) before anything starts, not a
    traceback from `bind()` once the app is up.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopwatch-serve", description=__doc__.splitlines()[0])
    parser.add_argument("service", choices=["shop", "pricing"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print("shopwatch-serve: refusing to start, invalid settings:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        sock = socket.create_server((args.host, args.port))
    except OSError as exc:
        print(f"shopwatch-serve: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    port = sock.getsockname()[1]
    print(f"listening on http://{args.host}:{port} ({settings.workers} worker(s))", flush=True)
    config = uvicorn.Config(
        f"shopwatch.serve:{args.service}_app",
        factory=True,
        workers=settings.workers,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=20,
    )
    signal.signal(signal.SIGTERM, _exit_zero_after_drain)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if settings.workers == 1:
        uvicorn.Server(config).run(sockets=[sock])
        return 0
    shared = tempfile.mkdtemp(prefix="shopwatch-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared  # the workers inherit it when spawned
    supervisor = Supervisor(config, sockets=[sock])  # it handles SIGTERM and SIGINT itself
    try:
        supervisor.run()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    if supervisor.interrupted:  # Ctrl-C: the workers drained; now end by SIGINT, as 02 does
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        print("shopwatch-serve: a worker failed to start; see its error above", file=sys.stderr)
        return 1
    return 0


class Supervisor(Multiprocess):
    """uvicorn's worker supervisor, remembering a Ctrl-C: its own handler returns normally for
    SIGINT as for SIGTERM, which would make Ctrl-C look like a clean exit 0."""

    interrupted = False

    def handle_int(self) -> None:
        self.interrupted = True
        super().handle_int()


if __name__ == "__main__":
    sys.exit(main())
