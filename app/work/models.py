"""Tables of the work block: engagements and their shifts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import OnTestClock, stamped

ENGAGEMENT_STATES = ("active", "cancelled")
SHIFT_STATES = ("scheduled", "in_progress", "settled", "no_show", "cancelled")
OPEN_SHIFT_STATES = ("scheduled", "in_progress")


def plain(value: Decimal | None) -> str:
    """A stored decimal as it was meant (`280.0000` -> `280`, `32.4600` -> `32.46`)."""
    return f"{(value or Decimal(0)).normalize():f}"


def _fk(column: str, table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Engagement(TenantScoped, OnTestClock, Base):
    """A worker engaged by an employer on pay terms for a run of days: `active ->
    cancelled`. The terms are frozen at creation: a change is a new engagement."""

    __tablename__ = "work_engagements"
    __table_args__ = (
        _fk("worker_id", "workers"),
        _fk("employer_id", "employers"),
        _fk("contract_id", "contracts"),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "worker_id"),
        Index(None, "tenant_id", "employer_id"),
        CheckConstraint("first_day <= last_day", name="days_in_order"),
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("break_minutes >= 0", name="break_not_negative"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    worker_id: Mapped[str] = mapped_column(String(40))
    employer_id: Mapped[str] = mapped_column(String(40))
    contract_id: Mapped[str | None] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    pay_basis: Mapped[str] = mapped_column(String(10))  # daily | hourly | piece
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 4))  # major units per day/hour/piece
    rounding: Mapped[str | None] = mapped_column(String(30))  # hourly only
    break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str | None] = mapped_column(String(40))  # piece only
    fee_type: Mapped[str | None] = mapped_column(String(10))  # fixed | percent
    fee_amount: Mapped[int | None] = mapped_column(BigInteger)  # fixed: minor units
    fee_percent: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))  # percent of gross
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    site: Mapped[dict[str, Any] | None] = mapped_column(JSONType)  # name, geofence
    status: Mapped[str] = mapped_column(String(10))
    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSONType, default=dict)
    insurance_product_id: Mapped[str | None] = mapped_column(String(40))  # insurance's
    job_category: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column()

    @property
    def pay(self) -> dict[str, Any]:
        """The pay terms as the API shows them (the rate as a string)."""
        terms: dict[str, Any] = {"basis": self.pay_basis, "rate": plain(self.rate)}
        if self.pay_basis == "hourly":
            terms |= {"rounding": self.rounding, "break_minutes": self.break_minutes}
        if self.pay_basis == "piece":
            terms["unit"] = self.unit
        return terms

    @property
    def fee(self) -> dict[str, Any] | None:
        if self.fee_type == "fixed":
            return {"type": "fixed", "amount": self.fee_amount}
        if self.fee_type == "percent":
            return {"type": "percent", "percent": plain(self.fee_percent)}
        return None


class Shift(TenantScoped, OnTestClock, Base):
    """One worker's day on an engagement: `scheduled -> in_progress -> settled`, or
    `no_show` / `cancelled` (its hold goes back to available escrow). At most one open or
    settled shift per worker and day (a partial unique index)."""

    __tablename__ = "work_shifts"
    __table_args__ = (
        _fk("engagement_id", "work_engagements"),
        _fk("worker_id", "workers"),
        _fk("employer_id", "employers"),
        _fk("hold_id", "escrow_holds"),
        Index(None, "tenant_id", "engagement_id", "day"),
        Index(None, "tenant_id", "day", "id"),
        Index(
            "uq_work_shifts_worker_day",
            "tenant_id",
            "worker_id",
            "day",
            unique=True,
            postgresql_where=text("status NOT IN ('cancelled', 'no_show')"),
            sqlite_where=text("status NOT IN ('cancelled', 'no_show')"),
        ),
        CheckConstraint("expected_amount > 0", name="expected_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    engagement_id: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[str] = mapped_column(String(40))
    employer_id: Mapped[str] = mapped_column(String(40))
    day: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.datetime | None] = mapped_column()  # scheduled (hourly)
    ends_at: Mapped[dt.datetime | None] = mapped_column()
    expected_quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))  # piece
    expected_amount: Mapped[int] = mapped_column(BigInteger)  # wage + fee, held
    hold_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    clock_in_at: Mapped[dt.datetime | None] = mapped_column()
    clock_in_location: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    clock_out_at: Mapped[dt.datetime | None] = mapped_column()
    clock_out_location: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))
    flags: Mapped[list[str]] = mapped_column(JSONType, default=list)  # e.g. outside_geofence
    payslip_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


BATCH_STATES = ("accepted", "settling", "completed")
BATCH_ITEM_STATES = ("pending", "settled", "failed")


class ClockOutBatch(TenantScoped, Base):
    """Clock-outs accepted now and settled by workers: `accepted -> settling -> completed`
    (completed once every item is settled or failed). The counts move with the items, in
    the unit of work that settles them; the actor who sent it settles it (audit, events)."""

    __tablename__ = "work_clock_out_batches"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "status", "updated_at"),
        CheckConstraint("settled_count + failed_count <= item_count", name="counts_add_up"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    item_count: Mapped[int] = mapped_column(Integer)
    settled_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    # the items as accepted, `[shift_id, at, location, quantity]`, written out as
    # `work_clock_out_batch_items` rows by the planning job (so the 202 writes one row)
    clock_outs: Mapped[list[list[Any]]] = mapped_column(JSONType)
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column()

    @property
    def counts(self) -> dict[str, int]:
        done = self.settled_count + self.failed_count
        return {
            "total": self.item_count,
            "pending": self.item_count - done,
            "settled": self.settled_count,
            "failed": self.failed_count,
        }


class ClockOutBatchItem(TenantScoped, Base):
    """One clock-out of a batch, at its place in the request: `pending -> settled | failed`,
    written when the batch is planned, in its `chunk` (of one employer) a worker settles.
    `at` is the clock-out time sent, or the time the batch was accepted."""

    __tablename__ = "work_clock_out_batch_items"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "batch_id"],
            ["work_clock_out_batches.tenant_id", "work_clock_out_batches.id"],
        ),
        Index(None, "tenant_id", "batch_id", "chunk", "status"),
        {"info": {"no_delete": True}},
    )

    batch_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    shift_id: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column()
    location: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    quantity: Mapped[str | None] = mapped_column(String(20))  # as sent: "1.50" stays "1.50"
    chunk: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    payslip_id: Mapped[str | None] = mapped_column(String(40))
    payout_id: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    settled_at: Mapped[dt.datetime | None] = mapped_column()
