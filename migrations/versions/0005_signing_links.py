"""Signing links: short-lived URLs to the hosted signing page.

On PostgreSQL: row-level security, plus the SELECT-only lookup policy on `token_hash` (the
page finds a link by its token before it knows the tenant, like a credential); and guards
on `contracts`: once sent, its document, hash, template and variables never change; once
sealed, its seal and PDF hash never change; no contract is ever deleted.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 15:51:04.912860
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls
from app.signing import guards

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "signing_links",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=40), nullable=False),
        sa.Column("signer_id", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("notified_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            name=op.f("fk_signing_links_tenant_id_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_signing_links_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_signing_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signing_links_token_hash")),
    )
    with op.batch_alter_table("signing_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signing_links_tenant_id_contract_id_created_at_id"),
            ["tenant_id", "contract_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_signing_links_tenant_id_expires_at"),
            ["tenant_id", "expires_at"],
            unique=False,
        )

    if _postgres():
        for statement in rls.enable("signing_links", lookup_column="token_hash"):
            op.execute(statement)
        for statement in guards.contract_guards():
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for statement in guards.drop_contract_guards():
            op.execute(statement)
        for statement in rls.disable("signing_links"):
            op.execute(statement)
    with op.batch_alter_table("signing_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_links_tenant_id_expires_at"))
        batch_op.drop_index(batch_op.f("ix_signing_links_tenant_id_contract_id_created_at_id"))

    op.drop_table("signing_links")
