"""Tables of the parties block: employers and workers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import stamped


class Employer(TenantScoped, Base):
    __tablename__ = "employers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "credit_code"),
        Index(None, "tenant_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18))
    contact: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    sites: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class Worker(TenantScoped, Base):
    """ID-card number and payout reference are stored encrypted (AES-GCM) with a masked copy
    for display; `id_card_hash` is a keyed blind index so one tenant cannot register the
    same person twice."""

    __tablename__ = "workers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id_card_hash"),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "mobile"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str] = mapped_column(String(11))
    id_card_ciphertext: Mapped[str] = mapped_column(Text)
    id_card_hash: Mapped[str] = mapped_column(String(64))
    id_card_masked: Mapped[str] = mapped_column(String(18))
    skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    payout_kind: Mapped[str | None] = mapped_column(String(20))
    payout_provider: Mapped[str | None] = mapped_column(String(40))
    payout_ciphertext: Mapped[str | None] = mapped_column(Text)
    payout_masked: Mapped[str | None] = mapped_column(String(80))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)

    @property
    def payout_view(self) -> dict[str, str | None] | None:
        """The payout account without its reference (for display)."""
        if self.payout_kind is None:
            return None
        return {
            "kind": self.payout_kind,
            "provider": self.payout_provider,
            "masked_reference": self.payout_masked,
        }
