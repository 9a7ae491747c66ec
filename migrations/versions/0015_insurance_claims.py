"""Insurance claims: a worker's claim on a covered day, and its frozen evidence pack.

- `insurance_claims`: the claim (incident, coverage, amount, attachments' metadata), its
  review (`submitted -> under_review -> approved | rejected -> paid`) and what its insurer
  answered; changed, never removed.
- `insurance_claim_evidence`: the evidence pack frozen at submission with its SHA-256, one
  per claim, append-only (a trigger refuses UPDATE and DELETE; the application role may
  SELECT and INSERT only).
Both under row-level security on PostgreSQL.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 17:12:36
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLES = ("insurance_claims", "insurance_claim_evidence")

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "insurance_claims",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("day_id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("shift_id", sa.String(length=40), nullable=True),
        sa.Column("coverage", sa.String(length=40), nullable=False),
        sa.Column("sum_insured", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_approved", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("incident_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("incident_place", sa.String(length=500), nullable=False),
        sa.Column("incident_location", app.core.db.JSONType, nullable=True),
        sa.Column("description", sa.String(length=5000), nullable=False),
        sa.Column("attachments", app.core.db.JSONType, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=False),
        sa.Column("payout_id", sa.String(length=40), nullable=True),
        sa.Column("insurer", sa.String(length=40), nullable=False),
        sa.Column("insurer_status", sa.String(length=10), nullable=False),
        sa.Column("insurer_reference", sa.String(length=80), nullable=True),
        sa.Column("insurer_reason", sa.String(length=60), nullable=True),
        sa.Column("insurer_attempts", sa.Integer(), nullable=False),
        sa.Column("insurer_last_error", sa.String(length=200), nullable=True),
        sa.Column("insurer_next_attempt_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("insurer_answered_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_started_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paid_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_insurance_claims_amount_positive")),
        sa.CheckConstraint(
            "amount_approved IS NULL OR (amount_approved > 0 AND amount_approved <= amount)",
            name=op.f("ck_insurance_claims_approved_within_claimed"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "day_id"],
            ["insurance_policy_days.tenant_id", "insurance_policy_days.id"],
            name=op.f("fk_insurance_claims_tenant_id_day_id_insurance_policy_days"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "policy_id"],
            ["insurance_policies.tenant_id", "insurance_policies.id"],
            name=op.f("fk_insurance_claims_tenant_id_policy_id_insurance_policies"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_insurance_claims_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_insurance_claims_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_claims")),
        info={"no_delete": True},
    )
    with op.batch_alter_table("insurance_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insurance_claims_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_insurance_claims_insurer_due",
            ["tenant_id", "insurer_status", "insurer_next_attempt_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_insurance_claims_tenant_id_policy_id"),
            ["tenant_id", "policy_id"],
            unique=False,
        )

    op.create_table(
        "insurance_claim_evidence",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pack", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "claim_id"],
            ["insurance_claims.tenant_id", "insurance_claims.id"],
            name=op.f("fk_insurance_claim_evidence_tenant_id_claim_id_insurance_claims"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_insurance_claim_evidence_tenant_id_tenants"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_claim_evidence")),
        sa.UniqueConstraint(
            "tenant_id", "claim_id", name=op.f("uq_insurance_claim_evidence_tenant_id_claim_id")
        ),
        info={"append_only": True},
    )
    if _postgres():
        for table in TABLES:
            for statement in rls.enable(table):
                op.execute(statement)
        for statement in rls.append_only("insurance_claim_evidence"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute(
            "DROP TRIGGER IF EXISTS insurance_claim_evidence_append_only "
            "ON insurance_claim_evidence"
        )
        for table in TABLES:
            for statement in rls.disable(table):
                op.execute(statement)
    op.drop_table("insurance_claim_evidence")
    with op.batch_alter_table("insurance_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insurance_claims_tenant_id_policy_id"))
        batch_op.drop_index("ix_insurance_claims_insurer_due")
        batch_op.drop_index(batch_op.f("ix_insurance_claims_tenant_id_created_at_id"))

    op.drop_table("insurance_claims")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
