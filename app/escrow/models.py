"""Tables of the escrow block: deposits, holds and their releases, refunds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, TenantScoped
from app.core.stamps import OnTestClock, stamped


def _employer_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "employer_id"], ["employers.tenant_id", "employers.id"]
    )


class Deposit(TenantScoped, OnTestClock, Base):
    """Money an employer sends in: `pending -> succeeded | failed`."""

    __tablename__ = "escrow_deposits"
    __table_args__ = (
        _employer_fk(),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "status"),
        CheckConstraint("amount > 0", name="amount_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    employer_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str] = mapped_column(String(20))
    provider_reference: Mapped[str | None] = mapped_column(String(80))
    failure_code: Mapped[str | None] = mapped_column(String(40))
    ledger_transaction_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class Hold(TenantScoped, OnTestClock, Base):
    """Escrow reserved for a purpose: `active -> partially_released -> released`, or
    `cancelled`. `amount = released_amount + returned_amount + remaining`."""

    __tablename__ = "escrow_holds"
    __table_args__ = (
        _employer_fk(),
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "released_amount >= 0 AND returned_amount >= 0 "
            "AND released_amount + returned_amount <= amount",
            name="within_amount",
        ),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    employer_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    released_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    returned_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(80))
    ledger_transaction_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)

    @property
    def remaining(self) -> int:
        return self.amount - self.released_amount - self.returned_amount


class Release(TenantScoped, OnTestClock, Base):
    """One release of (part of) a hold to a worker's payable."""

    __tablename__ = "escrow_releases"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "hold_id"], ["escrow_holds.tenant_id", "escrow_holds.id"]
        ),
        ForeignKeyConstraint(["tenant_id", "worker_id"], ["workers.tenant_id", "workers.id"]),
        Index(None, "tenant_id", "hold_id"),
        UniqueConstraint("tenant_id", "source_type", "source_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    hold_id: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    returned_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    ledger_transaction_id: Mapped[str] = mapped_column(String(40))
    # What the release pays for, e.g. ("settlement", stl_...): at most one release each.
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()


class Refund(TenantScoped, OnTestClock, Base):
    """Unused escrow sent back to the employer."""

    __tablename__ = "escrow_refunds"
    __table_args__ = (
        _employer_fk(),
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    employer_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    provider_reference: Mapped[str | None] = mapped_column(String(80))
    ledger_transaction_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
