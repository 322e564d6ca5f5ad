"""Break it: a migration that creates a table, then fails (only with alembic_config(lab=True)).

Revision ID: 9001
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("message", sa.String(200), nullable=False),
    )
    # A typo of the kind that reaches production: the second step fails.
    op.execute("INSERT INTO audit_logs (id, message) VALUES (1, 'created')")


def downgrade() -> None:
    op.drop_table("audit_log")
