"""Clock-out batches settled by workers: `work_clock_out_batches` (status, counts, the items
as accepted) and `work_clock_out_batch_items` (one per clock-out, keyed by its place in the
request, written by the planning job with its chunk, then its result). Both tenant tables under row-level security on PostgreSQL.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = app.core.db.UTCDateTime(timezone=True)
TABLES = ("work_clock_out_batches", "work_clock_out_batch_items")


def upgrade() -> None:
    op.create_table(
        "work_clock_out_batches",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("settled_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("clock_outs", app.core.db.JSONType, nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=40), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("completed_at", UTC, nullable=True),
        sa.CheckConstraint(
            "settled_count + failed_count <= item_count",
            name=op.f("ck_work_clock_out_batches_counts_add_up"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_work_clock_out_batches_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_work_clock_out_batches")),
    )
    with op.batch_alter_table("work_clock_out_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_clock_out_batches_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_work_clock_out_batches_tenant_id_status_updated_at"),
            ["tenant_id", "status", "updated_at"],
            unique=False,
        )
    op.create_table(
        "work_clock_out_batch_items",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("shift_id", sa.String(length=40), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("location", app.core.db.JSONType, nullable=True),
        sa.Column("quantity", sa.String(length=20), nullable=True),
        sa.Column("chunk", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("payslip_id", sa.String(length=40), nullable=True),
        sa.Column("payout_id", sa.String(length=40), nullable=True),
        sa.Column("error", app.core.db.JSONType, nullable=True),
        sa.Column("settled_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "batch_id"],
            ["work_clock_out_batches.tenant_id", "work_clock_out_batches.id"],
            name=op.f("fk_work_clock_out_batch_items_tenant_id_batch_id_work_clock_out_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_clock_out_batch_items_tenant_id_tenants"),
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "batch_id", "position", name=op.f("pk_work_clock_out_batch_items")
        ),
    )
    with op.batch_alter_table("work_clock_out_batch_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_clock_out_batch_items_tenant_id_batch_id_chunk_status"),
            ["tenant_id", "batch_id", "chunk", "status"],
            unique=False,
        )
    if _postgres():
        for table in TABLES:
            for statement in rls.enable(table):
                op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for table in reversed(TABLES):
            for statement in rls.disable(table):
                op.execute(statement)
    with op.batch_alter_table("work_clock_out_batch_items", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_work_clock_out_batch_items_tenant_id_batch_id_chunk_status")
        )
    op.drop_table("work_clock_out_batch_items")
    with op.batch_alter_table("work_clock_out_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_clock_out_batches_tenant_id_status_updated_at"))
        batch_op.drop_index(batch_op.f("ix_work_clock_out_batches_tenant_id_created_at_id"))
    op.drop_table("work_clock_out_batches")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
