"""The consumer's side effect: a charge row in Postgres, recorded at most once per message.

`charge_once` inserts the message id into `processed_messages` and the charge in the same
transaction. A redelivered or re-published message finds its id there and changes nothing:
the insert of the id and the effect commit together or not at all.
"""

from __future__ import annotations

from psycopg import AsyncConnection

from orderbus.messages import OrderPlaced

SCHEMA = """
CREATE TABLE IF NOT EXISTS charges (
    id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     text    NOT NULL,
    customer     text    NOT NULL,
    amount_cents integer NOT NULL CHECK (amount_cents BETWEEN 1 AND 1000000),
    message_id   text    NOT NULL
);
CREATE TABLE IF NOT EXISTS processed_messages (
    message_id   text        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
"""


async def create_schema(conn: AsyncConnection) -> None:
    await conn.execute(SCHEMA)


async def charge_once(conn: AsyncConnection, message_id: str, event: OrderPlaced) -> bool:
    """Charge for `event` unless this message was processed already; True if it charged.

    Call it inside a transaction: the two inserts must commit together.
    """
    cur = await conn.execute(
        "INSERT INTO processed_messages (message_id) VALUES (%s)"
        " ON CONFLICT (message_id) DO NOTHING RETURNING message_id",
        (message_id,),
    )
    if await cur.fetchone() is None:
        return False  # a duplicate: the first delivery already charged
    await conn.execute(
        "INSERT INTO charges (order_id, customer, amount_cents, message_id)"
        " VALUES (%s, %s, %s, %s)",
        (event.order_id, event.customer, event.amount_cents, message_id),
    )
    return True


async def charges_for(conn: AsyncConnection, order_id: str) -> int:
    cur = await conn.execute("SELECT count(*) FROM charges WHERE order_id = %s", (order_id,))
    row = await cur.fetchone()
    return int(row[0]) if row else 0
