"""Break it 3: reusing a field number (labs/03-reuse-field-number).

A server on the new generation, a client still on gen1, a real call between them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inventory.evolution import get_price, price_server
from inventory.pb.evolution import gen1_pb2, gen2_pb2, gen2_reused_pb2

pytestmark = pytest.mark.anyio


async def test_broken_a_reused_number_is_read_as_the_old_field() -> None:
    async with price_server(gen2_reused_pb2.Price, price_cents=1000, stock_on_hand=7) as port:
        old = await get_price(port, gen1_pb2.Price, "sku-1")
    # No error anywhere: the old client now gives 7 cents off, because number 3 meant discount.
    assert (old.price_cents, old.discount_cents) == (1000, 7)


async def test_fixed_a_new_number_is_unknown_to_the_old_client() -> None:
    async with price_server(gen2_pb2.Price, price_cents=1000, stock_on_hand=7) as port:
        old = await get_price(port, gen1_pb2.Price, "sku-1")
    assert (old.price_cents, old.discount_cents) == (1000, 0)
    # The old client keeps the field it does not know and passes it on unchanged.
    assert gen2_pb2.Price.FromString(old.SerializeToString()).stock_on_hand == 7


async def test_adding_a_field_is_safe_in_both_directions() -> None:
    async with price_server(gen1_pb2.Price, price_cents=500) as port:
        new = await get_price(port, gen2_pb2.Price, "sku-2")
    assert (new.price_cents, new.stock_on_hand) == (500, 0)  # unset reads as the default


def test_protoc_refuses_to_reuse_a_reserved_number(tmp_path: Path) -> None:
    (tmp_path / "again.proto").write_text(
        'syntax = "proto3";\n'
        "message Price {\n  reserved 3;\n  string sku = 1;\n  int64 coupon_cents = 3;\n}\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{tmp_path}",
            "--python_out=.",
            "again.proto",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "reserved" in done.stderr
