"""Tables of the insurance block: products and their versions, policies and their covered
days, the insurer's notifications, and the sandbox insurer's own record."""

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
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import OnTestClock, stamped

POLICY_STATES = ("scheduled", "active", "expired", "cancelled")
DAY_STATES = ("scheduled", "active", "expired", "cancelled")
STARTS_ON = ("clock_in", "day_start")
NOTIFICATION_KINDS = ("bind", "activate", "cancel")
NOTIFICATION_STATES = ("pending", "confirmed", "refused")
COVERAGE_TYPES = ("accidental_death_disability", "medical_expenses", "hospital_allowance_per_day")


def _fk(column: str, table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Product(TenantScoped, Base):
    """A tenant's insurance product: which insurer, and the number of its current version
    (the terms are in `ProductVersion`, never changed once written)."""

    __tablename__ = "insurance_products"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint("version >= 1", name="version_positive"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    insurer: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)  # the current one
    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class ProductVersion(TenantScoped, Base):
    """One version of a product's terms. Append-only: a policy keeps the version it was sold
    under. `coverages`: `[{type, sum_insured}]` in minor units (per day for the hospital
    allowance); ages inclusive, on each covered day, from the ID-card birth date."""

    __tablename__ = "insurance_product_versions"
    __table_args__ = (
        _fk("product_id", "insurance_products"),
        UniqueConstraint("tenant_id", "product_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("daily_premium > 0", name="premium_positive"),
        CheckConstraint("min_age >= 0 AND min_age <= max_age", name="ages_in_order"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    daily_premium: Mapped[int] = mapped_column(BigInteger)
    coverages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    excluded_job_categories: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[dt.datetime] = stamped()


class Policy(TenantScoped, OnTestClock, Base):
    """One worker's cover for one or more days, bought by an employer under one product
    version: `scheduled -> active -> expired`, or `cancelled` (every day cancelled). Its
    status follows its days (`pricing.policy_status`)."""

    __tablename__ = "insurance_policies"
    __table_args__ = (
        _fk("worker_id", "workers"),
        _fk("employer_id", "employers"),
        _fk("product_id", "insurance_products"),
        _fk("engagement_id", "work_engagements"),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "worker_id"),
        Index(None, "tenant_id", "engagement_id"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    worker_id: Mapped[str] = mapped_column(String(40))
    employer_id: Mapped[str] = mapped_column(String(40))
    product_id: Mapped[str] = mapped_column(String(40))
    product_version: Mapped[int] = mapped_column(Integer)
    insurer: Mapped[str] = mapped_column(String(40))
    engagement_id: Mapped[str | None] = mapped_column(String(40))
    job_category: Mapped[str | None] = mapped_column(String(60))
    currency: Mapped[str] = mapped_column(String(3))
    daily_premium: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))
    insurer_status: Mapped[str] = mapped_column(String(10))  # pending | bound | refused
    insurer_policy_number: Mapped[str | None] = mapped_column(String(80))
    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column()

    days: Mapped[list[PolicyDay]] = relationship(
        order_by="PolicyDay.day", lazy="selectin", viewonly=True
    )
    notifications: Mapped[list[InsurerNotification]] = relationship(
        order_by="InsurerNotification.id", lazy="selectin", viewonly=True
    )


class PolicyDay(TenantScoped, Base):
    """One covered day: `scheduled -> active -> expired`, or `cancelled` (refunded: its
    premium hold goes back to available escrow) while it has not started. Cover is
    `[cover_starts_at, cover_ends_at)`: from the clock-in (`starts_on = clock_in`, a shift's
    day) or the day's 00:00 (`day_start`; the purchase instant for a day bought that day)
    to 24:00 in the tenant's time zone. Activation charges the premium: the hold is released
    to the insurer's `insurance_premiums` account (`release_id`). At most one day per
    worker and date that is not cancelled (a partial unique index)."""

    __tablename__ = "insurance_policy_days"
    __table_args__ = (
        _fk("policy_id", "insurance_policies"),
        _fk("worker_id", "workers"),
        _fk("shift_id", "work_shifts"),
        _fk("hold_id", "escrow_holds"),
        Index(None, "tenant_id", "policy_id"),
        Index(None, "tenant_id", "shift_id"),
        Index(None, "tenant_id", "status", "cover_ends_at"),
        Index(
            "uq_insurance_policy_days_worker_day",
            "tenant_id",
            "worker_id",
            "day",
            unique=True,
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
        CheckConstraint("premium > 0", name="premium_positive"),
        CheckConstraint(
            "cover_starts_at IS NULL OR cover_starts_at < cover_ends_at", name="window_in_order"
        ),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[str] = mapped_column(String(40))
    day: Mapped[dt.date] = mapped_column(Date)
    shift_id: Mapped[str | None] = mapped_column(String(40))
    starts_on: Mapped[str] = mapped_column(String(10))
    premium: Mapped[int] = mapped_column(BigInteger)
    hold_id: Mapped[str] = mapped_column(String(40))
    release_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))
    cover_starts_at: Mapped[dt.datetime | None] = mapped_column()
    cover_ends_at: Mapped[dt.datetime] = mapped_column()
    activated_at: Mapped[dt.datetime | None] = mapped_column()
    cancelled_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class InsurerNotification(TenantScoped, Base):
    """What the insurer must be told (`bind` a policy, `activate` or `cancel` a day), sent
    by a job after commit with `key` as the insurer's idempotency key: `pending ->
    confirmed | refused`. Retried while pending (`next_attempt_at`), at most one per key."""

    __tablename__ = "insurance_notifications"
    __table_args__ = (
        _fk("policy_id", "insurance_policies"),
        UniqueConstraint("tenant_id", "key"),
        Index(None, "tenant_id", "status", "next_attempt_at"),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(40))
    day_id: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    insurer_reference: Mapped[str | None] = mapped_column(String(80))
    insurer_effective_at: Mapped[dt.datetime | None] = mapped_column()
    next_attempt_at: Mapped[dt.datetime] = mapped_column()
    confirmed_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class SandboxInsurerCall(TenantScoped, Base):
    """What the sandbox insurer remembers (as a real insurer would, outside our
    transactions): one row per idempotency key, written in its own transaction."""

    __tablename__ = "sandbox_insurer_calls"
    __table_args__ = (UniqueConstraint("tenant_id", "key"), {"info": {"no_delete": True}})

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    operation: Mapped[str] = mapped_column(String(20))
    policy_id: Mapped[str] = mapped_column(String(40))
    calls: Mapped[int] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(12))  # None: not answered yet
    reference: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(String(60))
    effective_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


CLAIM_STATES = ("submitted", "under_review", "approved", "rejected", "paid")
CLAIM_INSURER_STATES = ("pending", "received", "approved", "rejected")


class Claim(TenantScoped, OnTestClock, Base):
    """A worker's claim on a covered day: `submitted -> under_review -> approved | rejected`,
    `approved -> paid` (the payout to the worker is created, `payout_id`). Its evidence pack
    is frozen at submission in `ClaimEvidence` (`evidence_sha256` repeats its hash). The
    insurer is told by a job after commit (`insurer_status`: `pending` until it answers,
    then `received`, and `approved` or `rejected` as its status is polled)."""

    __tablename__ = "insurance_claims"
    __table_args__ = (
        _fk("policy_id", "insurance_policies"),
        _fk("day_id", "insurance_policy_days"),
        _fk("worker_id", "workers"),
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "policy_id"),
        Index(
            "ix_insurance_claims_insurer_due",
            "tenant_id",
            "insurer_status",
            "insurer_next_attempt_at",
        ),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "amount_approved IS NULL OR (amount_approved > 0 AND amount_approved <= amount)",
            name="approved_within_claimed",
        ),
        {"info": {"no_delete": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(40))
    day_id: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[str] = mapped_column(String(40))
    shift_id: Mapped[str | None] = mapped_column(String(40))
    coverage: Mapped[str] = mapped_column(String(40))
    sum_insured: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    amount_approved: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    incident_at: Mapped[dt.datetime] = mapped_column()
    incident_place: Mapped[str] = mapped_column(String(500))
    incident_location: Mapped[dict[str, float] | None] = mapped_column(JSONType)
    description: Mapped[str] = mapped_column(String(5000))
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(12))
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    payout_id: Mapped[str | None] = mapped_column(String(40))
    insurer: Mapped[str] = mapped_column(String(40))
    insurer_status: Mapped[str] = mapped_column(String(10))
    insurer_reference: Mapped[str | None] = mapped_column(String(80))
    insurer_reason: Mapped[str | None] = mapped_column(String(60))
    insurer_attempts: Mapped[int] = mapped_column(Integer, default=0)
    insurer_last_error: Mapped[str | None] = mapped_column(String(200))
    insurer_next_attempt_at: Mapped[dt.datetime | None] = mapped_column()
    insurer_answered_at: Mapped[dt.datetime | None] = mapped_column()
    review_started_at: Mapped[dt.datetime | None] = mapped_column()
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    paid_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class ClaimEvidence(TenantScoped, Base):
    """A claim's evidence pack, frozen at submission: the canonical JSON's SHA-256 and the
    pack itself. Append-only (a trigger refuses UPDATE and DELETE on PostgreSQL; the
    application role may SELECT and INSERT only); one per claim."""

    __tablename__ = "insurance_claim_evidence"
    __table_args__ = (
        _fk("claim_id", "insurance_claims"),
        UniqueConstraint("tenant_id", "claim_id"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    pack: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = stamped()
