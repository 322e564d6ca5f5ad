"""`orderbus-dlq`: list the dead letters, and replay them once the cause is fixed.

    orderbus-dlq list                 one line per dead letter: id, attempts, reason
    orderbus-dlq replay ID [ID ...]   move these back to the payments queue, attempts reset
    orderbus-dlq replay --all

Exit codes (the course's table): 0 done; 1 an ID is not among the dead letters (nothing was
replayed) or there is no dead-letter queue; 2 usage; 69 RabbitMQ unavailable; 78 a bad
ORDERBUS_* variable.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
import click
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from aio_pika.exceptions import AMQPConnectionError, ChannelNotFoundEntity

from orderbus.bootstrap import topology_of
from orderbus.consumer_cli import EXIT_UNAVAILABLE, load_settings
from orderbus.messages import ATTEMPTS
from orderbus.settings import Settings

EXIT_NOT_FOUND = 1


Held = list[AbstractIncomingMessage]


class NotFound(Exception):
    """Message ids that are not among the dead letters."""


@asynccontextmanager
async def dead_letters(settings: Settings) -> AsyncIterator[tuple[AbstractChannel, Held]]:
    """Every dead letter, held unacked on one channel: what is not acked before the block
    ends goes back to the dead-letter queue when the channel closes.

    It declares nothing (the consumer owns the topology): a passive look-up of the queue.
    """
    connection = await aio_pika.connect(settings.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.get_queue(topology_of(settings).dead, ensure=True)
        held: Held = []
        while (message := await queue.get(fail=False)) is not None:
            held.append(message)
        yield channel, held


def describe(message: AbstractIncomingMessage) -> str:
    headers = message.headers or {}
    return f"{message.message_id}  attempts={headers.get(ATTEMPTS)!s}  {headers.get('x-error')!s}"


async def list_dead(settings: Settings) -> list[str]:
    async with dead_letters(settings) as (_, held):
        return [describe(message) for message in held]


async def replay(settings: Settings, ids: tuple[str, ...], everything: bool) -> int:
    async with dead_letters(settings) as (channel, held):
        chosen = held if everything else [m for m in held if m.message_id in ids]
        missing = set(ids) - {str(m.message_id) for m in chosen}
        if missing:
            raise NotFound(", ".join(sorted(missing)))
        payments = topology_of(settings).payments
        for message in chosen:
            headers = {**(message.headers or {}), ATTEMPTS: 0, "x-replayed": 1}
            copy = aio_pika.Message(
                body=message.body,
                content_type=message.content_type,
                message_id=message.message_id,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                headers=headers,
            )
            # Confirmed before the dead letter is acked: a crash here leaves it in both
            # places, and the consumer's idempotency key makes that harmless.
            await channel.default_exchange.publish(copy, routing_key=payments, mandatory=True)
            await message.ack()
        return len(chosen)


@click.group()
def cli() -> None:
    """List and replay the payments consumer's dead letters."""


@cli.command("list")
def list_command() -> None:
    """Print one line per dead letter: id, attempts, reason."""
    lines = asyncio.run(list_dead(load_settings()))
    for line in lines:
        click.echo(line)
    click.echo(f"{len(lines)} dead letter(s)", err=True)


@cli.command("replay")
@click.argument("ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Replay every dead letter.")
def replay_command(ids: tuple[str, ...], everything: bool) -> None:
    """Move dead letters back to the payments queue, with their attempts reset."""
    if not ids and not everything:
        raise click.UsageError("name the message ids to replay, or pass --all")
    if ids and everything:
        raise click.UsageError("give message ids or --all, not both")
    count = asyncio.run(replay(load_settings(), ids, everything))
    click.echo(f"replayed {count} message(s)")


def main() -> None:
    """Run the CLI and map what escapes it to the course's exit codes, in one place."""
    try:
        cli.main(standalone_mode=False)
    except click.UsageError as exc:
        exc.show()
        sys.exit(2)
    except NotFound as exc:
        print(f"orderbus-dlq: no dead letter with id {exc}; nothing replayed", file=sys.stderr)
        sys.exit(EXIT_NOT_FOUND)
    except (AMQPConnectionError, OSError) as exc:
        print(f"orderbus-dlq: RabbitMQ is unavailable: {exc}", file=sys.stderr)
        sys.exit(EXIT_UNAVAILABLE)
    except ChannelNotFoundEntity:
        print("orderbus-dlq: no dead-letter queue: has the consumer run?", file=sys.stderr)
        sys.exit(EXIT_NOT_FOUND)
