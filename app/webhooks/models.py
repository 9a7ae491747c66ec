"""Tables of the webhooks block: endpoints, deliveries (one event to one endpoint) and the
log of every attempt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import stamped


class WebhookEndpoint(TenantScoped, Base):
    """Where a tenant wants its events.

    Delivery state: `busy_until`/`busy_token` lease the endpoint to the one job delivering
    to it; `paused_until` holds its deliveries back after a failed attempt, for the retry
    schedule's delay at `failure_streak` (a circuit breaker: a failing endpoint costs one
    attempt per retry interval, not one per event); `failing_since` is when the current run
    of failures began (3 days of it disables the endpoint); `wake_at` is when a delivery
    job is already scheduled, so that only one is."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        CheckConstraint(
            "disabled_reason IS NULL OR disabled_reason IN ('manual', 'gone', 'failing')",
            name="disabled_reason",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list[str]] = mapped_column(JSONType)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(20))
    disabled_at: Mapped[dt.datetime | None] = mapped_column()
    secret_ciphertext: Mapped[str] = mapped_column(String(400))
    previous_secret_ciphertext: Mapped[str | None] = mapped_column(String(400))
    previous_secret_expires_at: Mapped[dt.datetime | None] = mapped_column()
    secret_rotated_at: Mapped[dt.datetime | None] = mapped_column()
    failing_since: Mapped[dt.datetime | None] = mapped_column()
    failure_streak: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[dt.datetime | None] = mapped_column()
    busy_until: Mapped[dt.datetime | None] = mapped_column()
    busy_token: Mapped[str | None] = mapped_column(String(40))
    wake_at: Mapped[dt.datetime | None] = mapped_column()
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()
    # changed by the API and by disabling, not by the delivery bookkeeping columns above
    updated_at: Mapped[dt.datetime] = stamped()


class WebhookDelivery(TenantScoped, Base):
    """One event for one endpoint: `pending -> succeeded | failed`. The relay makes one per
    matching endpoint (`relay_key` keeps it to one); a redelivery or a test makes another."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "endpoint_id"],
            ["webhook_endpoints.tenant_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(["tenant_id", "event_id"], ["events.tenant_id", "events.id"]),
        UniqueConstraint("tenant_id", "relay_key"),
        Index(None, "tenant_id", "endpoint_id", "status", "next_attempt_at"),
        Index(None, "tenant_id", "endpoint_id", "created_at", "id"),
        Index(None, "tenant_id", "event_id"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        CheckConstraint("origin IN ('event', 'redelivery', 'test')", name="origin"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(12))
    relay_key: Mapped[str | None] = mapped_column(String(90))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)

    attempts: Mapped[list[WebhookAttempt]] = relationship(
        order_by="WebhookAttempt.number", lazy="selectin", viewonly=True
    )


class WebhookAttempt(TenantScoped, Base):
    """One HTTP request (or one refusal to make it), as it happened."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "delivery_id"],
            ["webhook_deliveries.tenant_id", "webhook_deliveries.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "delivery_id", "number"),
        CheckConstraint("outcome IN ('succeeded', 'failed')", name="outcome"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12))
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(40))
    duration_ms: Mapped[int] = mapped_column(Integer)
    response_excerpt: Mapped[str] = mapped_column(String(600), default="")
    started_at: Mapped[dt.datetime] = mapped_column()
    created_at: Mapped[dt.datetime] = stamped()
