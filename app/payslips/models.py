"""The payslip record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import OnTestClock, stamped


class Payslip(TenantScoped, OnTestClock, Base):
    """A settled shift's pay, immutable. `pay`: the gross's lines (basis, rate, quantity or
    minutes, the rounding in words, the formula); `deductions`: what was withheld, each
    with its rule, version and figures; `employer_items`: paid by the employer on top.
    A correction is a new payslip of the same shift with `corrects_id` naming the one it
    replaces (which then no longer counts in month-to-date figures)."""

    __tablename__ = "payslips"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "worker_id"], ["workers.tenant_id", "workers.id"]),
        ForeignKeyConstraint(["tenant_id", "employer_id"], ["employers.tenant_id", "employers.id"]),
        ForeignKeyConstraint(["tenant_id", "corrects_id"], ["payslips.tenant_id", "payslips.id"]),
        Index(
            "uq_payslips_one_per_shift",  # one settlement per shift; corrections follow it
            "tenant_id",
            "shift_id",
            unique=True,
            postgresql_where=text("corrects_id IS NULL"),
            sqlite_where=text("corrects_id IS NULL"),
        ),
        UniqueConstraint("tenant_id", "corrects_id"),  # corrected at most once: a chain
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "worker_id", "employer_id", "paid_on"),
        CheckConstraint("gross >= 0 AND withheld >= 0 AND net >= 0", name="not_negative"),
        CheckConstraint("net = gross - withheld", name="net_is_gross_less_withheld"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    shift_id: Mapped[str] = mapped_column(String(40))
    engagement_id: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[str] = mapped_column(String(40))
    employer_id: Mapped[str] = mapped_column(String(40))
    day: Mapped[dt.date] = mapped_column(Date)  # the day worked
    paid_on: Mapped[dt.date] = mapped_column(Date)  # the tenant's day of the settlement
    currency: Mapped[str] = mapped_column(String(3))
    gross: Mapped[int] = mapped_column(BigInteger)
    withheld: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    employer_cost: Mapped[int] = mapped_column(BigInteger)  # gross + employer's items
    pay: Mapped[dict[str, Any]] = mapped_column(JSONType)
    deductions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    employer_items: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    payout_id: Mapped[str | None] = mapped_column(String(40))
    release_id: Mapped[str | None] = mapped_column(String(40))
    corrects_id: Mapped[str | None] = mapped_column(String(40))  # the payslip it replaces
    correction_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = stamped()


class PayslipDocument(TenantScoped, Base):
    """A payslip's PDF in one language, rendered once and kept (append-only, like the
    payslip): `content_sha256` is the SHA-256 of the canonical content it shows, printed on
    the page (`app.payslips.documents`)."""

    __tablename__ = "payslip_documents"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "payslip_id"], ["payslips.tenant_id", "payslips.id"]),
        {"info": {"append_only": True}},
    )

    payslip_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)  # "zh-CN" | "en"
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = stamped()


class StatementMonth(TenantScoped, Base):
    """A closed month whose statements were announced (`statement.ready`), once: the
    periodic task `statements.ready` inserts the row and the events in one transaction."""

    __tablename__ = "statement_months"
    __table_args__ = ({"info": {"append_only": True}},)

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    statements: Mapped[int] = mapped_column(Integer)  # how many were announced
    announced_at: Mapped[dt.datetime] = stamped()
