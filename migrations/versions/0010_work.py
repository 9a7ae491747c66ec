"""The day of work: `work_engagements`, `work_shifts` and `payslips`.

- `work_engagements`: a worker, an employer, frozen pay terms (basis, rate with 4 decimals,
  rounding, break, unit), an optional fee and contract, a run of days.
- `work_shifts`: one per worker and day among shifts that are scheduled, in progress or
  settled (a partial unique index: a cancelled shift or a no-show frees the day), each with
  the escrow hold of its expected wage and fee.
- `payslips`: one per shift (unique), append-only (a trigger refuses UPDATE and DELETE;
  the application role may SELECT and INSERT only), `net = gross - withheld` checked.
All three under row-level security on PostgreSQL.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:05:06.106449
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLES = ("work_engagements", "work_shifts", "payslips")

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payslips",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("shift_id", sa.String(length=40), nullable=False),
        sa.Column("engagement_id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("withheld", sa.BigInteger(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("employer_cost", sa.BigInteger(), nullable=False),
        sa.Column("pay", app.core.db.JSONType, nullable=False),
        sa.Column("deductions", app.core.db.JSONType, nullable=False),
        sa.Column("employer_items", app.core.db.JSONType, nullable=False),
        sa.Column("payout_id", sa.String(length=40), nullable=True),
        sa.Column("release_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "gross >= 0 AND withheld >= 0 AND net >= 0", name=op.f("ck_payslips_not_negative")
        ),
        sa.CheckConstraint(
            "net = gross - withheld", name=op.f("ck_payslips_net_is_gross_less_withheld")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_payslips_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_payslips_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payslips_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_payslips")),
        sa.UniqueConstraint("tenant_id", "shift_id", name=op.f("uq_payslips_tenant_id_shift_id")),
    )
    with op.batch_alter_table("payslips", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payslips_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_payslips_tenant_id_worker_id_employer_id_paid_on"),
            ["tenant_id", "worker_id", "employer_id", "paid_on"],
            unique=False,
        )

    op.create_table(
        "work_engagements",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("pay_basis", sa.String(length=10), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("rounding", sa.String(length=30), nullable=True),
        sa.Column("break_minutes", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("fee_type", sa.String(length=10), nullable=True),
        sa.Column("fee_amount", sa.BigInteger(), nullable=True),
        sa.Column("fee_percent", sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("site", app.core.db.JSONType, nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("metadata", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "break_minutes >= 0", name=op.f("ck_work_engagements_break_not_negative")
        ),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_work_engagements_days_in_order")),
        sa.CheckConstraint("rate > 0", name=op.f("ck_work_engagements_rate_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            name=op.f("fk_work_engagements_tenant_id_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_work_engagements_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_work_engagements_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_work_engagements_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_work_engagements")),
    )
    with op.batch_alter_table("work_engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_engagements_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_work_engagements_tenant_id_employer_id"),
            ["tenant_id", "employer_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_work_engagements_tenant_id_worker_id"),
            ["tenant_id", "worker_id"],
            unique=False,
        )

    op.create_table(
        "work_shifts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("engagement_id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ends_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expected_quantity", sa.Numeric(precision=18, scale=3), nullable=True),
        sa.Column("expected_amount", sa.BigInteger(), nullable=False),
        sa.Column("hold_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("clock_in_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("clock_in_location", app.core.db.JSONType, nullable=True),
        sa.Column("clock_out_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("clock_out_location", app.core.db.JSONType, nullable=True),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=True),
        sa.Column("flags", app.core.db.JSONType, nullable=False),
        sa.Column("payslip_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("expected_amount > 0", name=op.f("ck_work_shifts_expected_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_work_shifts_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "engagement_id"],
            ["work_engagements.tenant_id", "work_engagements.id"],
            name=op.f("fk_work_shifts_tenant_id_engagement_id_work_engagements"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "hold_id"],
            ["escrow_holds.tenant_id", "escrow_holds.id"],
            name=op.f("fk_work_shifts_tenant_id_hold_id_escrow_holds"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_work_shifts_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_work_shifts_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_work_shifts")),
    )
    with op.batch_alter_table("work_shifts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_shifts_tenant_id_day_id"), ["tenant_id", "day", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_work_shifts_tenant_id_engagement_id_day"),
            ["tenant_id", "engagement_id", "day"],
            unique=False,
        )
        batch_op.create_index(
            "uq_work_shifts_worker_day",
            ["tenant_id", "worker_id", "day"],
            unique=True,
            postgresql_where=sa.text("status NOT IN ('cancelled', 'no_show')"),
            sqlite_where=sa.text("status NOT IN ('cancelled', 'no_show')"),
        )

    if _postgres():
        for table in TABLES:
            for statement in rls.enable(table):
                op.execute(statement)
        for statement in rls.append_only("payslips"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS payslips_append_only ON payslips")
        for table in TABLES:
            for statement in rls.disable(table):
                op.execute(statement)
    with op.batch_alter_table("work_shifts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_work_shifts_worker_day",
            postgresql_where=sa.text("status NOT IN ('cancelled', 'no_show')"),
            sqlite_where=sa.text("status NOT IN ('cancelled', 'no_show')"),
        )
        batch_op.drop_index(batch_op.f("ix_work_shifts_tenant_id_engagement_id_day"))
        batch_op.drop_index(batch_op.f("ix_work_shifts_tenant_id_day_id"))

    op.drop_table("work_shifts")
    with op.batch_alter_table("work_engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_engagements_tenant_id_worker_id"))
        batch_op.drop_index(batch_op.f("ix_work_engagements_tenant_id_employer_id"))
        batch_op.drop_index(batch_op.f("ix_work_engagements_tenant_id_created_at_id"))

    op.drop_table("work_engagements")
    with op.batch_alter_table("payslips", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payslips_tenant_id_worker_id_employer_id_paid_on"))
        batch_op.drop_index(batch_op.f("ix_payslips_tenant_id_created_at_id"))

    op.drop_table("payslips")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
