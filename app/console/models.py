"""Tables of the console: admin users, their signed-in sessions and their invitations (tenant
tables, each found before the tenant is known through a keyed hash: `email_lookup`,
`token_hash`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, TenantScoped
from app.core.stamps import stamped


class AdminUser(TenantScoped, Base):
    """A person who signs in to the console. `email_lookup` is the keyed hash of the
    normalised email: unique in a tenant; one email may have accounts in several tenants
    (their passwords tell them apart at sign-in, `users.log_in`).

    Second factor (`factors`): `totp_secret` (encrypted) is set when enrolment starts and
    counts from `totp_enabled_at`; `totp_last_step` is the last time step a code was
    accepted for (none at or before it is accepted again); `recovery_codes` is a JSON list
    of the unused codes' keyed hashes."""

    __tablename__ = "admin_users"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        UniqueConstraint("tenant_id", "email_lookup"),
        Index(None, "email_lookup"),  # sign-in, before the tenant is known
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    email_lookup: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped(on_update=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column()
    disabled_at: Mapped[dt.datetime | None] = mapped_column()
    totp_secret: Mapped[str | None] = mapped_column(Text)
    totp_enabled_at: Mapped[dt.datetime | None] = mapped_column()
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    recovery_codes: Mapped[str | None] = mapped_column(Text)


class AdminSession(TenantScoped, Base):
    """A signed-in browser. Ends at `expires_at`, after `users.IDLE_TIMEOUT` without a request
    (`last_seen_at`), or when its admin logs out or is removed (`ended_at`). A `pending` one
    has passed the password but not yet the second factor: it opens no page but that step."""

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
    last_seen_at: Mapped[dt.datetime | None] = mapped_column()
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AdminInvitation(TenantScoped, Base):
    """A one-time link to join the console as `role` (the URL holds a random token, the
    database its keyed hash). Usable once, until `expires_at`, unless revoked."""

    __tablename__ = "admin_invitations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "invited_by"], ["admin_users.tenant_id", "admin_users.id"]
        ),
        ForeignKeyConstraint(
            ["tenant_id", "admin_user_id"], ["admin_users.tenant_id", "admin_users.id"]
        ),
        Index(None, "tenant_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    expires_at: Mapped[dt.datetime] = mapped_column()
    accepted_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    admin_user_id: Mapped[str | None] = mapped_column(String(40))
