"""Tables of the payouts block: payouts, the history of their attempts, and the sandbox
provider's own record of transfers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, TenantScoped
from app.core.stamps import OnTestClock, stamped


class Payout(TenantScoped, OnTestClock, Base):
    """`pending -> processing -> paid | failed`, `paid -> returned`; `failed -> pending` again
    only through a retry, which starts a new `generation` (a new provider idempotency key).

    `destination_*` is the account the current attempt pays: taken from the worker when the
    payout is created (or by a retry that refreshes it), never re-read when sending. The
    clear reference is only in `destination_ciphertext` (AES-GCM, bound to the tenant and
    this payout's id); NULL for payouts created before snapshots existed, which are never
    sent anywhere until a retry refreshes the destination."""

    __tablename__ = "payouts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "worker_id"], ["workers.tenant_id", "workers.id"]),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "status"),
        Index(None, "tenant_id", "worker_id"),
        UniqueConstraint("tenant_id", "source_type", "source_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    worker_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12))
    generation: Mapped[int] = mapped_column(Integer, default=1)
    provider: Mapped[str] = mapped_column(String(20))
    destination_kind: Mapped[str] = mapped_column(String(20))
    destination_provider: Mapped[str] = mapped_column(String(40))
    destination_masked: Mapped[str] = mapped_column(String(80))
    destination_ciphertext: Mapped[str | None] = mapped_column(Text)
    provider_reference: Mapped[str | None] = mapped_column(String(80))
    failure_code: Mapped[str | None] = mapped_column(String(40))
    ledger_transaction_id: Mapped[str] = mapped_column(String(40))
    return_transaction_id: Mapped[str | None] = mapped_column(String(40))
    # What the payout pays, e.g. ("settlement", stl_...): at most one payout each.
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    paid_at: Mapped[dt.datetime | None] = mapped_column()
    failed_at: Mapped[dt.datetime | None] = mapped_column()
    returned_at: Mapped[dt.datetime | None] = mapped_column()

    attempts: Mapped[list[PayoutAttempt]] = relationship(
        order_by="PayoutAttempt.number", lazy="selectin", viewonly=True
    )

    @property
    def provider_key(self) -> str:
        """The idempotency key the provider sees: the same on every attempt of a generation."""
        return f"{self.id}:{self.generation}"


class PayoutAttempt(TenantScoped, Base):
    """One attempt (generation) of a payout: where it was sent and what came of it. Written
    when the attempt starts; its outcome is filled in under the payout's row lock."""

    __tablename__ = "payout_attempts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "payout_id"], ["payouts.tenant_id", "payouts.id"]),
        UniqueConstraint("tenant_id", "payout_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("outcome IN ('paid', 'failed', 'returned')", name="outcome"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payout_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    destination_kind: Mapped[str] = mapped_column(String(20))
    destination_provider: Mapped[str] = mapped_column(String(40))
    destination_masked: Mapped[str] = mapped_column(String(80))
    destination_refreshed: Mapped[bool] = mapped_column(Boolean)
    ledger_transaction_id: Mapped[str] = mapped_column(String(40))
    provider_reference: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str | None] = mapped_column(String(12))
    failure_code: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = stamped()
    ended_at: Mapped[dt.datetime | None] = mapped_column()


class SandboxTransfer(TenantScoped, Base):
    """What the sandbox payout provider remembers (as a real provider would, outside our
    transactions): one row per idempotency key, written in its own transaction."""

    __tablename__ = "sandbox_transfers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index(None, "tenant_id", "created_at"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80))
    payout_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))  # paid | failed
    failure_code: Mapped[str | None] = mapped_column(String(40))
    returns: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = stamped()
