"""Payslip documents: `payslip_documents`, a payslip's PDF per language, rendered on the
first request and kept. One row per (tenant, payslip, locale) (the primary key; a second
render loses the insert race and is discarded), append-only (a trigger refuses UPDATE and
DELETE; the application role may SELECT and INSERT only), under row-level security on
PostgreSQL.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLE = "payslip_documents"

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payslip_documents",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("payslip_id", sa.String(length=40), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payslip_id"],
            ["payslips.tenant_id", "payslips.id"],
            name=op.f("fk_payslip_documents_tenant_id_payslip_id_payslips"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payslip_documents_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "payslip_id", "locale", name=op.f("pk_payslip_documents")
        ),
    )
    if _postgres():
        for statement in rls.enable(TABLE):
            op.execute(statement)
        for statement in rls.append_only(TABLE):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        for statement in rls.disable(TABLE):
            op.execute(statement)
    op.drop_table("payslip_documents")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
