"""Tables of the console: admin users and their signed-in sessions (both tenant tables,
both found before the tenant is known through a keyed hash: `email_lookup`, `token_hash`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, TenantScoped
from app.core.stamps import stamped


class AdminUser(TenantScoped, Base):
    """A person who signs in to the console. `email_lookup` is the keyed hash of the
    normalised email: unique across tenants (one console account, one tenant)."""

    __tablename__ = "admin_users"
    __table_args__ = (Index(None, "tenant_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    email_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column()
    disabled_at: Mapped[dt.datetime | None] = mapped_column()


class AdminSession(TenantScoped, Base):
    """A signed-in browser. Ends at `expires_at`, or when its admin logs out (`ended_at`)."""

    __tablename__ = "admin_sessions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "admin_user_id"], ["admin_users.tenant_id", "admin_users.id"]
        ),
        Index(None, "tenant_id", "admin_user_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    admin_user_id: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = stamped()
    expires_at: Mapped[dt.datetime] = mapped_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    ip: Mapped[str | None] = mapped_column(String(64))
