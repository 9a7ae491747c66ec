"""Payslip corrections: a correction is a new payslip of the same shift naming the one it
replaces (`corrects_id`, with its reason). One payslip per shift becomes one *original*
payslip per shift (a partial unique index), and a payslip is corrected at most once, so
the corrections of a shift form a chain.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORIGINAL = sa.text("corrects_id IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("payslips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("correction_reason", sa.String(length=500), nullable=True))
        batch_op.drop_constraint("uq_payslips_tenant_id_shift_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_payslips_tenant_id_corrects_id"), ["tenant_id", "corrects_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payslips_tenant_id_corrects_id_payslips"),
            "payslips",
            ["tenant_id", "corrects_id"],
            ["tenant_id", "id"],
        )
        batch_op.create_index(
            "uq_payslips_one_per_shift",
            ["tenant_id", "shift_id"],
            unique=True,
            postgresql_where=ORIGINAL,
            sqlite_where=ORIGINAL,
        )


def downgrade() -> None:
    with op.batch_alter_table("payslips", schema=None) as batch_op:
        batch_op.drop_index("uq_payslips_one_per_shift")
        batch_op.drop_constraint(
            batch_op.f("fk_payslips_tenant_id_corrects_id_payslips"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_payslips_tenant_id_corrects_id"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_payslips_tenant_id_shift_id", ["tenant_id", "shift_id"]
        )
        batch_op.drop_column("correction_reason")
        batch_op.drop_column("corrects_id")
