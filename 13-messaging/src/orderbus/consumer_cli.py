"""`orderbus-consume`: run the payments consumer until SIGTERM or Ctrl-C.

Exit codes (the course's table): 0 stopped by SIGTERM after finishing the messages in flight;
69 RabbitMQ or Postgres unavailable at start; 78 a bad ORDERBUS_* variable. Ctrl-C finishes the
messages in flight too, then ends by SIGINT (the shell shows 130).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

from aio_pika.exceptions import AMQPConnectionError
from psycopg import OperationalError
from psycopg_pool import PoolTimeout
from pydantic import ValidationError

from orderbus.bootstrap import open_bus, open_pool
from orderbus.consumer import PaymentConsumer
from orderbus.settings import Settings

EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


def load_settings() -> Settings:
    """Settings, or exit 78 naming every bad variable (no traceback)."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            variable = "ORDERBUS_" + str(error["loc"][0]).upper()
            print(f"orderbus: {variable}: {error['msg']}", file=sys.stderr)
        sys.exit(EXIT_CONFIG)


async def consume(settings: Settings) -> signal.Signals:
    """Consume until a signal; return the signal that stopped it."""
    stop = asyncio.Event()
    received: list[signal.Signals] = []
    loop = asyncio.get_running_loop()

    def on_signal(sig: signal.Signals) -> None:
        received.append(sig)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    async with open_bus(settings) as bus, open_pool(settings) as pool:
        await bus.channel.set_qos(prefetch_count=settings.prefetch)
        consumer = PaymentConsumer(bus.channel, bus.topology, pool)
        await consumer.run(bus.declared.payments, stop)
    return received[0]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    try:
        stopped_by = asyncio.run(consume(settings))
    except (AMQPConnectionError, OSError, OperationalError, PoolTimeout) as exc:
        print(f"orderbus: a service is unavailable: {exc}", file=sys.stderr)
        sys.exit(EXIT_UNAVAILABLE)
    if stopped_by == signal.SIGINT:
        # Cleaned up; now end by SIGINT, as an unhandled Ctrl-C would (lesson 02).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
