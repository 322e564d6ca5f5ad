"""An old client (gen1) reads a Price from a server on gen2: reused number vs reserved number."""

from __future__ import annotations

import asyncio

from inventory.evolution import get_price, price_server
from inventory.pb.evolution import gen1_pb2, gen2_pb2, gen2_reused_pb2


async def main() -> None:
    for name, generation in (("gen2_reused", gen2_reused_pb2), ("gen2", gen2_pb2)):
        async with price_server(generation.Price, price_cents=1000, stock_on_hand=7) as port:
            old = await get_price(port, gen1_pb2.Price, "sku-1")
        print(
            f"server on {name:<11} -> gen1 client sees price_cents={old.price_cents} "
            f"discount_cents={old.discount_cents}"
        )


if __name__ == "__main__":
    asyncio.run(main())
