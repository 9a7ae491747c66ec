"""Tenant rules: `tenant_rules`, immutable effective-dated rule versions per tenant and kind
(unique per day and per number), under row-level security and append-only (a trigger
refuses UPDATE and DELETE for every role; the application role gets SELECT and INSERT).
And `tenants.settings` goes: untyped JSON that nothing read; a tenant's settings are its
typed columns (`TenantSettings`), and rules that change over time are `tenant_rules`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "tenant_rules",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("body", app.core.db.JSONType, nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=40), nullable=True),
        sa.Column("request_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_tenant_rules_version")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tenant_rules_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tenant_rules")),
        sa.UniqueConstraint(
            "tenant_id",
            "kind",
            "valid_from",
            name=op.f("uq_tenant_rules_tenant_id_kind_valid_from"),
        ),
        sa.UniqueConstraint(
            "tenant_id", "kind", "version", name=op.f("uq_tenant_rules_tenant_id_kind_version")
        ),
    )
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("settings")
    if _postgres():
        for statement in rls.enable("tenant_rules"):
            op.execute(statement)
        for statement in rls.append_only("tenant_rules"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS tenant_rules_append_only ON tenant_rules")
        for statement in rls.disable("tenant_rules"):
            op.execute(statement)
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "settings",
                app.core.db.JSONType,
                nullable=False,
                server_default=sa.text("'{}'"),
            )
        )
    op.drop_table("tenant_rules")
