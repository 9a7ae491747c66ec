"""Insurance: products and their versions, policies and their covered days, the insurer's
notifications, the sandbox insurer's record; an engagement's insurance product and job
category.

- `insurance_products`: a tenant's product (insurer, current version number).
- `insurance_product_versions`: the terms, one row per version, append-only (a trigger
  refuses UPDATE and DELETE; the application role may SELECT and INSERT only): a policy
  keeps the version it was sold under.
- `insurance_policies`, `insurance_policy_days`: a worker's cover, one row per covered day
  with its premium hold and cover window; at most one day per worker and date that is not
  cancelled (a partial unique index).
- `insurance_notifications`: bind / activate / cancel, one per key, until the insurer
  confirms; `sandbox_insurer_calls`: what the sandbox insurer remembers.
- `work_engagements.insurance_product_id`, `.job_category` (nullable).
All under row-level security on PostgreSQL.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 16:38:38
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

TABLES = (
    "insurance_products",
    "insurance_product_versions",
    "insurance_policies",
    "insurance_policy_days",
    "insurance_notifications",
    "sandbox_insurer_calls",
)

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "insurance_products",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("insurer", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("metadata", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_insurance_products_version_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_insurance_products_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_products")),
        info={"no_delete": True},
    )
    with op.batch_alter_table("insurance_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insurance_products_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "sandbox_insurer_calls",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("operation", sa.String(length=20), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=True),
        sa.Column("reference", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.String(length=60), nullable=True),
        sa.Column("effective_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sandbox_insurer_calls_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_sandbox_insurer_calls")),
        sa.UniqueConstraint(
            "tenant_id", "key", name=op.f("uq_sandbox_insurer_calls_tenant_id_key")
        ),
        info={"no_delete": True},
    )
    op.create_table(
        "insurance_product_versions",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("product_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("daily_premium", sa.BigInteger(), nullable=False),
        sa.Column("coverages", app.core.db.JSONType, nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.Column("max_age", sa.Integer(), nullable=False),
        sa.Column("excluded_job_categories", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "daily_premium > 0", name=op.f("ck_insurance_product_versions_premium_positive")
        ),
        sa.CheckConstraint(
            "min_age >= 0 AND min_age <= max_age",
            name=op.f("ck_insurance_product_versions_ages_in_order"),
        ),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_insurance_product_versions_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["insurance_products.tenant_id", "insurance_products.id"],
            name=op.f("fk_insurance_product_versions_tenant_id_product_id_insurance_products"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_insurance_product_versions_tenant_id_tenants"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_product_versions")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "version",
            name=op.f("uq_insurance_product_versions_tenant_id_product_id_version"),
        ),
        info={"append_only": True},
    )
    op.create_table(
        "insurance_policies",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("product_id", sa.String(length=40), nullable=False),
        sa.Column("product_version", sa.Integer(), nullable=False),
        sa.Column("insurer", sa.String(length=40), nullable=False),
        sa.Column("engagement_id", sa.String(length=40), nullable=True),
        sa.Column("job_category", sa.String(length=60), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("daily_premium", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("insurer_status", sa.String(length=10), nullable=False),
        sa.Column("insurer_policy_number", sa.String(length=80), nullable=True),
        sa.Column("metadata", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_insurance_policies_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "engagement_id"],
            ["work_engagements.tenant_id", "work_engagements.id"],
            name=op.f("fk_insurance_policies_tenant_id_engagement_id_work_engagements"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["insurance_products.tenant_id", "insurance_products.id"],
            name=op.f("fk_insurance_policies_tenant_id_product_id_insurance_products"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_insurance_policies_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_insurance_policies_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_policies")),
        info={"no_delete": True},
    )
    with op.batch_alter_table("insurance_policies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insurance_policies_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_insurance_policies_tenant_id_engagement_id"),
            ["tenant_id", "engagement_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_insurance_policies_tenant_id_worker_id"),
            ["tenant_id", "worker_id"],
            unique=False,
        )

    op.create_table(
        "insurance_notifications",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("day_id", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("insurer_reference", sa.String(length=80), nullable=True),
        sa.Column("insurer_effective_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "policy_id"],
            ["insurance_policies.tenant_id", "insurance_policies.id"],
            name=op.f("fk_insurance_notifications_tenant_id_policy_id_insurance_policies"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_insurance_notifications_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_notifications")),
        sa.UniqueConstraint(
            "tenant_id", "key", name=op.f("uq_insurance_notifications_tenant_id_key")
        ),
        info={"no_delete": True},
    )
    with op.batch_alter_table("insurance_notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insurance_notifications_tenant_id_status_next_attempt_at"),
            ["tenant_id", "status", "next_attempt_at"],
            unique=False,
        )

    op.create_table(
        "insurance_policy_days",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.String(length=40), nullable=True),
        sa.Column("starts_on", sa.String(length=10), nullable=False),
        sa.Column("premium", sa.BigInteger(), nullable=False),
        sa.Column("hold_id", sa.String(length=40), nullable=False),
        sa.Column("release_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("cover_starts_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cover_ends_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("activated_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cover_starts_at IS NULL OR cover_starts_at < cover_ends_at",
            name=op.f("ck_insurance_policy_days_window_in_order"),
        ),
        sa.CheckConstraint("premium > 0", name=op.f("ck_insurance_policy_days_premium_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "hold_id"],
            ["escrow_holds.tenant_id", "escrow_holds.id"],
            name=op.f("fk_insurance_policy_days_tenant_id_hold_id_escrow_holds"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "policy_id"],
            ["insurance_policies.tenant_id", "insurance_policies.id"],
            name=op.f("fk_insurance_policy_days_tenant_id_policy_id_insurance_policies"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "shift_id"],
            ["work_shifts.tenant_id", "work_shifts.id"],
            name=op.f("fk_insurance_policy_days_tenant_id_shift_id_work_shifts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_insurance_policy_days_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_insurance_policy_days_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_insurance_policy_days")),
        info={"no_delete": True},
    )
    with op.batch_alter_table("insurance_policy_days", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insurance_policy_days_tenant_id_policy_id"),
            ["tenant_id", "policy_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_insurance_policy_days_tenant_id_shift_id"),
            ["tenant_id", "shift_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_insurance_policy_days_tenant_id_status_cover_ends_at"),
            ["tenant_id", "status", "cover_ends_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_insurance_policy_days_worker_day",
            ["tenant_id", "worker_id", "day"],
            unique=True,
            postgresql_where=sa.text("status <> 'cancelled'"),
            sqlite_where=sa.text("status <> 'cancelled'"),
        )

    with op.batch_alter_table("work_engagements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("insurance_product_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("job_category", sa.String(length=60), nullable=True))

    if _postgres():
        for table in TABLES:
            for statement in rls.enable(table):
                op.execute(statement)
        for statement in rls.append_only("insurance_product_versions"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute(
            "DROP TRIGGER IF EXISTS insurance_product_versions_append_only "
            "ON insurance_product_versions"
        )
        for table in TABLES:
            for statement in rls.disable(table):
                op.execute(statement)
    with op.batch_alter_table("work_engagements", schema=None) as batch_op:
        batch_op.drop_column("job_category")
        batch_op.drop_column("insurance_product_id")

    with op.batch_alter_table("insurance_policy_days", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_insurance_policy_days_worker_day",
            postgresql_where=sa.text("status <> 'cancelled'"),
            sqlite_where=sa.text("status <> 'cancelled'"),
        )
        batch_op.drop_index(batch_op.f("ix_insurance_policy_days_tenant_id_status_cover_ends_at"))
        batch_op.drop_index(batch_op.f("ix_insurance_policy_days_tenant_id_shift_id"))
        batch_op.drop_index(batch_op.f("ix_insurance_policy_days_tenant_id_policy_id"))

    op.drop_table("insurance_policy_days")
    with op.batch_alter_table("insurance_notifications", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_insurance_notifications_tenant_id_status_next_attempt_at")
        )

    op.drop_table("insurance_notifications")
    with op.batch_alter_table("insurance_policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insurance_policies_tenant_id_worker_id"))
        batch_op.drop_index(batch_op.f("ix_insurance_policies_tenant_id_engagement_id"))
        batch_op.drop_index(batch_op.f("ix_insurance_policies_tenant_id_created_at_id"))

    op.drop_table("insurance_policies")
    op.drop_table("insurance_product_versions")
    op.drop_table("sandbox_insurer_calls")
    with op.batch_alter_table("insurance_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insurance_products_tenant_id_created_at_id"))

    op.drop_table("insurance_products")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
