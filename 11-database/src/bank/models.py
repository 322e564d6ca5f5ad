"""The schema, as SQLAlchemy 2 typed models: accounts, and the transfers between them.

This module is the source of truth for `alembic revision --autogenerate`, and
`tests/test_migrations.py` checks that the migrations in `src/bank/migrations/` build exactly
this (`alembic check`). The types are portable: BIGINT ids, VARCHAR with a length (MySQL
needs one to index a string), integer cents for money (never floats).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints: Alembic can drop and autogenerate-compare only what has a stable name,
# and both servers then report the same name in errors.
NAMING = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "ix": "ix_%(table_name)s_%(column_0_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance_not_negative"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(String(100), unique=True)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)

    sent: Mapped[list[Transfer]] = relationship(
        back_populates="source", foreign_keys="Transfer.from_id", order_by="Transfer.id"
    )

    def __repr__(self) -> str:
        return f"Account(id={self.id!r}, owner={self.owner!r}, balance={self.balance!r})"


class Transfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)

    source: Mapped[Account] = relationship(back_populates="sent", foreign_keys=[from_id])
