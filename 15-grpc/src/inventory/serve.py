"""`inventory-server`: run the gRPC server until SIGTERM or Ctrl-C, then drain and stop.

Exit codes (the course's table): 0 after SIGTERM and a drain; 2 usage; 69 the port cannot be
bound; 78 INVENTORY_TOKENS is missing or malformed; Ctrl-C drains, then dies by SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys

from pydantic import ValidationError

from inventory.server import start
from inventory.service import InventoryService
from inventory.settings import Settings
from inventory.store import Store, sample

EX_UNAVAILABLE = 69
EX_CONFIG = 78


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 to 65535 (0 picks a free one).

    Out of range is a usage error (exit 2, naming --port) before anything starts. grpc itself
    does not refuse it: `--port 70000` would listen on 70000 % 65536, port 4464, silently.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {value}")
    return value


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="inventory-server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=50051, help="0 picks a free port")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds to drain on stop")
    parser.add_argument("--items", type=int, default=100, help="sample items to start with")
    parser.add_argument("--shelf-ms", type=float, default=10.0, help="time to count one shelf")
    return parser.parse_args()


async def serve(args: argparse.Namespace, tokens: dict[str, str]) -> signal.Signals:
    service = InventoryService(Store(sample(args.items)), shelf_seconds=args.shelf_ms / 1000)
    try:
        running = await start(service, tokens, args.host, args.port)
    except RuntimeError as exc:  # grpc raises RuntimeError("Failed to bind to address ...")
        print(f"inventory-server: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        raise SystemExit(EX_UNAVAILABLE) from None
    stopping: asyncio.Queue[signal.Signals] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.put_nowait, signum)
    print(f"inventory listening on {args.host}:{running.port}", flush=True)
    received = await stopping.get()
    logging.getLogger("inventory").info("%s: draining for up to %s s", received.name, args.grace)
    await running.stop(args.grace)
    return received


def load_settings() -> Settings:
    """The settings, or exit 78 naming every bad INVENTORY_* variable (values are not echoed)."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0])
            name = f"INVENTORY_{field.upper()}"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = f"not set; expected {Settings.model_fields[field].description}"
            print(f"inventory-server: {name}: {message}", file=sys.stderr)
        raise SystemExit(EX_CONFIG) from None


def main() -> None:
    args = arguments()
    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    received = asyncio.run(serve(args, settings.tokens))
    if received is signal.SIGINT:  # die by the signal, as an unhandled Ctrl-C would
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    print("inventory-server: stopped", file=sys.stderr)


if __name__ == "__main__":
    main()
