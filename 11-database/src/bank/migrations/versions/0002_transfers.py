"""transfers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("from_id", sa.BigInteger(), nullable=False),
        sa.Column("to_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_transfers_amount_positive")),
        sa.ForeignKeyConstraint(
            ["from_id"], ["accounts.id"], name=op.f("fk_transfers_from_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["to_id"], ["accounts.id"], name=op.f("fk_transfers_to_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    op.create_index(op.f("ix_transfers_from_id"), "transfers", ["from_id"], unique=False)
    op.create_index(op.f("ix_transfers_to_id"), "transfers", ["to_id"], unique=False)


def downgrade() -> None:
    # Autogenerate wrote drop_index() calls first; MySQL refuses to drop an index a foreign
    # key needs (error 1553). Dropping the table drops its indexes on both servers.
    op.drop_table("transfers")
