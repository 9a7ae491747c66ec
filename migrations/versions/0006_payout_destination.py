"""Payouts send to the destination they record: a snapshot of it on the payout, and the
history of every attempt.

`payouts.destination_ciphertext`: the clear account reference the payout pays, taken when it
is created (or when a retry refreshes it), encrypted with the keyring and bound to the
tenant and the payout's id. Payouts created before this revision have none: their next
send fails with `destination_unavailable` (unless the provider already knows the attempt),
and a retry with `refresh_destination` pays them. Nothing is backfilled: the account they
were (or would have been) sent to is not known.

`payout_attempts`: one row per attempt (destination, outcome), from this revision on.
On PostgreSQL: row-level security; the application role may not delete rows (grants).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("destination_ciphertext", sa.Text(), nullable=True))

    op.create_table(
        "payout_attempts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("payout_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("destination_kind", sa.String(length=20), nullable=False),
        sa.Column("destination_provider", sa.String(length=40), nullable=False),
        sa.Column("destination_masked", sa.String(length=80), nullable=False),
        sa.Column("destination_refreshed", sa.Boolean(), nullable=False),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=False),
        sa.Column("provider_reference", sa.String(length=80), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("failure_code", sa.String(length=40), nullable=True),
        sa.Column("started_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('paid', 'failed', 'returned')", name=op.f("ck_payout_attempts_outcome")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_payout_attempts_number_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payout_id"],
            ["payouts.tenant_id", "payouts.id"],
            name=op.f("fk_payout_attempts_tenant_id_payout_id_payouts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payout_attempts_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_payout_attempts")),
        sa.UniqueConstraint(
            "tenant_id",
            "payout_id",
            "number",
            name=op.f("uq_payout_attempts_tenant_id_payout_id_number"),
        ),
    )

    if _postgres():
        for statement in rls.enable("payout_attempts"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for statement in rls.disable("payout_attempts"):
            op.execute(statement)
    op.drop_table("payout_attempts")

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_column("destination_ciphertext")
