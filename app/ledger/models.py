"""Tables of the double-entry ledger. Rows are written by `accounts` and `posting` with
explicit times from the unit of work's clock (`now(session)`), never by column defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, JSONType, TenantScoped

# What an account can spend, from its cached totals (the same rule in SQL and in Python):
# a credit-normal account (money owed to someone) has its posted credits less everything
# debited, posted or pending; a debit-normal one (money held) the mirror image.
AVAILABLE_SQL = (
    "CASE WHEN normal_balance = 'credit' "
    "THEN posted_credits - posted_debits - pending_debits "
    "ELSE posted_debits - posted_credits - pending_credits END"
)


@dataclass(frozen=True)
class Balances:
    """In the account's own terms (a credit-normal account counts credits as positive).
    `available` leaves out money already on its way out (pending outbound entries)."""

    posted: int
    pending: int
    available: int


class LedgerAccount(TenantScoped, Base):
    """One account per (kind, owner, currency). Totals are cached here, updated in the same
    transaction as the entries, and checked against the entries by `ledger.audit`."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "owner_id", "currency"),
        UniqueConstraint("tenant_id", "id", "currency"),  # for the entries' currency key
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("normal_balance IN ('debit', 'credit')", name="normal_balance"),
        CheckConstraint(
            "posted_debits >= 0 AND posted_credits >= 0 AND pending_debits >= 0 "
            "AND pending_credits >= 0",
            name="totals_positive",
        ),
        CheckConstraint(f"allow_negative OR ({AVAILABLE_SQL}) >= 0", name="not_negative"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    normal_balance: Mapped[str] = mapped_column(String(6))
    allow_negative: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_debits: Mapped[int] = mapped_column(BigInteger, default=0)
    posted_credits: Mapped[int] = mapped_column(BigInteger, default=0)
    pending_debits: Mapped[int] = mapped_column(BigInteger, default=0)
    pending_credits: Mapped[int] = mapped_column(BigInteger, default=0)
    lock_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column()

    @property
    def balances(self) -> Balances:
        if self.normal_balance == "credit":
            inbound, outbound = self.posted_credits, self.posted_debits
            pending_in, pending_out = self.pending_credits, self.pending_debits
        else:
            inbound, outbound = self.posted_debits, self.posted_credits
            pending_in, pending_out = self.pending_debits, self.pending_credits
        posted = inbound - outbound
        return Balances(posted, posted + pending_in - pending_out, posted - pending_out)


class LedgerTransaction(TenantScoped, Base):
    """`pending -> posted | archived`. Entries never change; only the status does, once."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        UniqueConstraint("tenant_id", "reverses_id"),
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("status IN ('pending', 'posted', 'archived')", name="status"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(120))
    reverses_id: Mapped[str | None] = mapped_column(String(40))
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[str | None] = mapped_column(String(40))
    effective_at: Mapped[dt.datetime] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column()
    posted_at: Mapped[dt.datetime | None] = mapped_column()
    archived_at: Mapped[dt.datetime | None] = mapped_column()
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)


class LedgerEntry(TenantScoped, Base):
    """Append-only: the application role may only SELECT and INSERT; a trigger refuses
    UPDATE and DELETE, and a deferred trigger refuses to commit an unbalanced transaction.
    Its currency is its account's (a composite foreign key, on every database)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "transaction_id"],
            ["ledger_transactions.tenant_id", "ledger_transactions.id"],
        ),
        # An entry is in its account's currency: the account key includes the currency.
        ForeignKeyConstraint(
            ["tenant_id", "account_id", "currency"],
            ["ledger_accounts.tenant_id", "ledger_accounts.id", "ledger_accounts.currency"],
        ),
        Index(None, "tenant_id", "account_id", "created_at", "id"),
        Index(None, "tenant_id", "transaction_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("direction IN ('debit', 'credit')", name="direction"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    transaction_id: Mapped[str] = mapped_column(String(40))
    account_id: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(6))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[dt.datetime] = mapped_column()
