"""Test clocks: `test_clocks`, at most one per (test-mode) tenant, whose `frozen_time` is that
tenant's "now" while it exists (`core/time.py` reads it). Under row-level security on
PostgreSQL; rows are deleted when the clock is.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLE = "test_clocks"

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("frozen_time", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("advanced_from", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tasks_run", sa.Integer(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_test_clocks_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_test_clocks")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_test_clocks_tenant_id")),
    )
    if _postgres():
        for statement in rls.enable(TABLE):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for statement in rls.disable(TABLE):
            op.execute(statement)
    op.drop_table(TABLE)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
