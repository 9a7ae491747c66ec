"""Tables of the tenants block: tenants, API keys, OAuth clients and tokens, audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, JSONType, TenantScoped
from app.core.stamps import stamped
from app.tenants.settings import DEFAULT_CURRENCY, DEFAULT_LOCALE, DEFAULT_TIME_ZONE


class Tenant(Base):
    """A gig-market operator. Platform-level: the root every tenant row points at. Its
    scalar settings are typed columns, read as `TenantSettings` (`settings.py`); there is
    no free-form settings bag (migration 0008 dropped the unread JSON `settings`)."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(4))  # "live" | "test"
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    locale: Mapped[str] = mapped_column(String(16), default=DEFAULT_LOCALE)
    currency: Mapped[str] = mapped_column(String(3), default=DEFAULT_CURRENCY)
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)


class ApiKey(TenantScoped, Base):
    __tablename__ = "api_keys"
    __table_args__ = (Index(None, "tenant_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(4))
    scopes: Mapped[str] = mapped_column(Text)  # space-separated, as in OAuth
    prefix: Mapped[str] = mapped_column(String(16))  # "gk_live_Ab12" for display
    last4: Mapped[str] = mapped_column(String(4))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    expires_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    last_used_at: Mapped[dt.datetime | None] = mapped_column()
    rotated_to_id: Mapped[str | None] = mapped_column(String(40))


class OAuthClient(TenantScoped, Base):
    """A confidential client for the client-credentials grant. `id` is the client_id."""

    __tablename__ = "oauth_clients"
    __table_args__ = (Index(None, "tenant_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(Text)
    secret_hash: Mapped[str] = mapped_column(String(64))
    secret_last4: Mapped[str] = mapped_column(String(4))
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_secret_expires_at: Mapped[dt.datetime | None] = mapped_column()
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    last_used_at: Mapped[dt.datetime | None] = mapped_column()


class OAuthToken(TenantScoped, Base):
    """An issued access token, stored only as a keyed hash."""

    __tablename__ = "oauth_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "client_id"], ["oauth_clients.tenant_id", "oauth_clients.id"]
        ),
        Index(None, "tenant_id", "client_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = stamped()
    expires_at: Mapped[dt.datetime] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()


class AuditEvent(TenantScoped, Base):
    """Append-only: on PostgreSQL the app role may only SELECT and INSERT, and a trigger
    refuses UPDATE and DELETE for everyone."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "target_id"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    action: Mapped[str] = mapped_column(String(80))
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(40))
    ip: Mapped[str | None] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[dt.datetime] = stamped()

    @property
    def actor(self) -> dict[str, str | None]:
        return {"type": self.actor_type, "id": self.actor_id}

    @property
    def target(self) -> dict[str, str]:
        return {"type": self.target_type, "id": self.target_id}
