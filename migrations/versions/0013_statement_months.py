"""Statement months: `statement_months`, one row per tenant and closed month whose
statements were announced (`statement.ready`), inserted with the events in one
transaction, so a month is announced once. Append-only, under row-level security on
PostgreSQL.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLE = "statement_months"

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("announced_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_statement_months_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "month", name=op.f("pk_statement_months")),
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
    op.drop_table(TABLE)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
