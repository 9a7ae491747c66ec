"""The admin console: `admin_users` (email, argon2 password hash, role) and `admin_sessions`
(a signed-in browser, by its token's keyed hash). Both tenant tables under row-level
security on PostgreSQL, each with the credential lookup policy that shows a row only to
whoever presents its keyed hash (`email_lookup`, `token_hash`) before the tenant is known.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-14 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = app.core.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "admin_users",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_lookup", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("last_login_at", UTC, nullable=True),
        sa.Column("disabled_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_admin_users_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_admin_users")),
        sa.UniqueConstraint("email_lookup", name=op.f("uq_admin_users_email_lookup")),
    )
    op.create_index(
        op.f("ix_admin_users_tenant_id_created_at_id"),
        "admin_users",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "admin_sessions",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("admin_user_id", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("ended_at", UTC, nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "admin_user_id"],
            ["admin_users.tenant_id", "admin_users.id"],
            name=op.f("fk_admin_sessions_tenant_id_admin_user_id_admin_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_admin_sessions_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_admin_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_sessions_token_hash")),
    )
    op.create_index(
        op.f("ix_admin_sessions_tenant_id_admin_user_id"),
        "admin_sessions",
        ["tenant_id", "admin_user_id"],
        unique=False,
    )
    if _postgres():
        for statement in rls.enable("admin_users", lookup_column="email_lookup"):
            op.execute(statement)
        for statement in rls.enable("admin_sessions", lookup_column="token_hash"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for table in ("admin_sessions", "admin_users"):
            for statement in rls.disable(table):
                op.execute(statement)
    op.drop_index(op.f("ix_admin_sessions_tenant_id_admin_user_id"), table_name="admin_sessions")
    op.drop_table("admin_sessions")
    op.drop_index(op.f("ix_admin_users_tenant_id_created_at_id"), table_name="admin_users")
    op.drop_table("admin_users")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
