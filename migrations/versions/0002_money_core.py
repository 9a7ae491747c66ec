"""Money core: ledger, escrow, payouts.

On PostgreSQL: row-level security on every new table; ledger entries append-only; a
deferred constraint trigger that refuses to commit an unbalanced ledger transaction; a
trigger that lets a ledger transaction change only once, from pending.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:56:53.007171
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls
from app.ledger import guards

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = [
    "ledger_accounts", "ledger_transactions", "ledger_entries", "escrow_deposits",
    "escrow_holds", "escrow_releases", "escrow_refunds", "payouts", "sandbox_transfers",
]  # fmt: skip


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "ledger_accounts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner_type", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("normal_balance", sa.String(length=6), nullable=False),
        sa.Column("allow_negative", sa.Boolean(), nullable=False),
        sa.Column("posted_debits", sa.BigInteger(), nullable=False),
        sa.Column("posted_credits", sa.BigInteger(), nullable=False),
        sa.Column("pending_debits", sa.BigInteger(), nullable=False),
        sa.Column("pending_credits", sa.BigInteger(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "allow_negative OR (CASE WHEN normal_balance = 'credit' THEN posted_credits - posted_debits - pending_debits ELSE posted_debits - posted_credits - pending_credits END) >= 0",
            name=op.f("ck_ledger_accounts_not_negative"),
        ),
        sa.CheckConstraint(
            "normal_balance IN ('debit', 'credit')", name=op.f("ck_ledger_accounts_normal_balance")
        ),
        sa.CheckConstraint(
            "posted_debits >= 0 AND posted_credits >= 0 AND pending_debits >= 0 AND pending_credits >= 0",
            name=op.f("ck_ledger_accounts_totals_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_ledger_accounts_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint(
            "tenant_id",
            "kind",
            "owner_id",
            "currency",
            name=op.f("uq_ledger_accounts_tenant_id_kind_owner_id_currency"),
        ),
    )
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_accounts_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "ledger_transactions",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=True),
        sa.Column("reverses_id", sa.String(length=40), nullable=True),
        sa.Column("source_type", sa.String(length=40), nullable=True),
        sa.Column("source_id", sa.String(length=40), nullable=True),
        sa.Column("effective_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("posted_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("archived_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("metadata", app.core.db.JSONType, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'posted', 'archived')",
            name=op.f("ck_ledger_transactions_status"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_ledger_transactions_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint(
            "tenant_id",
            "idempotency_key",
            name=op.f("uq_ledger_transactions_tenant_id_idempotency_key"),
        ),
        sa.UniqueConstraint(
            "tenant_id", "reverses_id", name=op.f("uq_ledger_transactions_tenant_id_reverses_id")
        ),
    )
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_transactions_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "sandbox_transfers",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("payout_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("failure_code", sa.String(length=40), nullable=True),
        sa.Column("returns", sa.Boolean(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sandbox_transfers_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_sandbox_transfers")),
        sa.UniqueConstraint(
            "tenant_id",
            "idempotency_key",
            name=op.f("uq_sandbox_transfers_tenant_id_idempotency_key"),
        ),
    )
    with op.batch_alter_table("sandbox_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sandbox_transfers_tenant_id_created_at"),
            ["tenant_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "escrow_deposits",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("provider_reference", sa.String(length=80), nullable=True),
        sa.Column("failure_code", sa.String(length=40), nullable=True),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_escrow_deposits_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_escrow_deposits_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_escrow_deposits_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_escrow_deposits")),
    )
    with op.batch_alter_table("escrow_deposits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escrow_deposits_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_escrow_deposits_tenant_id_status"), ["tenant_id", "status"], unique=False
        )

    op.create_table(
        "escrow_holds",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("released_amount", sa.BigInteger(), nullable=False),
        sa.Column("returned_amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=True),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_escrow_holds_amount_positive")),
        sa.CheckConstraint(
            "released_amount >= 0 AND returned_amount >= 0 AND released_amount + returned_amount <= amount",
            name=op.f("ck_escrow_holds_within_amount"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_escrow_holds_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_escrow_holds_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_escrow_holds")),
    )
    with op.batch_alter_table("escrow_holds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escrow_holds_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "escrow_refunds",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("employer_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("provider_reference", sa.String(length=80), nullable=True),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_escrow_refunds_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "employer_id"],
            ["employers.tenant_id", "employers.id"],
            name=op.f("fk_escrow_refunds_tenant_id_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_escrow_refunds_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_escrow_refunds")),
    )
    with op.batch_alter_table("escrow_refunds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escrow_refunds_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "ledger_entries",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("transaction_id", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=6), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "direction IN ('debit', 'credit')", name=op.f("ck_ledger_entries_direction")
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_ledger_entries_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "account_id"],
            ["ledger_accounts.tenant_id", "ledger_accounts.id"],
            name=op.f("fk_ledger_entries_tenant_id_account_id_ledger_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "transaction_id"],
            ["ledger_transactions.tenant_id", "ledger_transactions.id"],
            name=op.f("fk_ledger_entries_tenant_id_transaction_id_ledger_transactions"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_ledger_entries_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_ledger_entries")),
        info={"append_only": True},
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_tenant_id_account_id_created_at_id"),
            ["tenant_id", "account_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_tenant_id_transaction_id"),
            ["tenant_id", "transaction_id"],
            unique=False,
        )

    op.create_table(
        "payouts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("destination_kind", sa.String(length=20), nullable=False),
        sa.Column("destination_provider", sa.String(length=40), nullable=False),
        sa.Column("destination_masked", sa.String(length=80), nullable=False),
        sa.Column("provider_reference", sa.String(length=80), nullable=True),
        sa.Column("failure_code", sa.String(length=40), nullable=True),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=False),
        sa.Column("return_transaction_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("returned_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_payouts_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payouts_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_payouts")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payouts_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_payouts_tenant_id_status"), ["tenant_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payouts_tenant_id_worker_id"), ["tenant_id", "worker_id"], unique=False
        )

    op.create_table(
        "escrow_releases",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("hold_id", sa.String(length=40), nullable=False),
        sa.Column("worker_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("returned_amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ledger_transaction_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_escrow_releases_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "hold_id"],
            ["escrow_holds.tenant_id", "escrow_holds.id"],
            name=op.f("fk_escrow_releases_tenant_id_hold_id_escrow_holds"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "worker_id"],
            ["workers.tenant_id", "workers.id"],
            name=op.f("fk_escrow_releases_tenant_id_worker_id_workers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_escrow_releases_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_escrow_releases")),
    )
    with op.batch_alter_table("escrow_releases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escrow_releases_tenant_id_hold_id"),
            ["tenant_id", "hold_id"],
            unique=False,
        )

    if _postgres():
        for table in TENANT_TABLES:
            for statement in rls.enable(table):
                op.execute(statement)
        for statement in rls.append_only("ledger_entries"):
            op.execute(statement)
        for statement in guards.ledger_guards():
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for statement in guards.drop_ledger_guards():
            op.execute(statement)
        op.execute("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries")
        for table in TENANT_TABLES:
            for statement in rls.disable(table):
                op.execute(statement)
    with op.batch_alter_table("escrow_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escrow_releases_tenant_id_hold_id"))

    op.drop_table("escrow_releases")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_tenant_id_worker_id"))
        batch_op.drop_index(batch_op.f("ix_payouts_tenant_id_status"))
        batch_op.drop_index(batch_op.f("ix_payouts_tenant_id_created_at_id"))

    op.drop_table("payouts")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_tenant_id_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_tenant_id_account_id_created_at_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("escrow_refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escrow_refunds_tenant_id_created_at_id"))

    op.drop_table("escrow_refunds")
    with op.batch_alter_table("escrow_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escrow_holds_tenant_id_created_at_id"))

    op.drop_table("escrow_holds")
    with op.batch_alter_table("escrow_deposits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escrow_deposits_tenant_id_status"))
        batch_op.drop_index(batch_op.f("ix_escrow_deposits_tenant_id_created_at_id"))

    op.drop_table("escrow_deposits")
    with op.batch_alter_table("sandbox_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sandbox_transfers_tenant_id_created_at"))

    op.drop_table("sandbox_transfers")
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transactions_tenant_id_created_at_id"))

    op.drop_table("ledger_transactions")
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_accounts_tenant_id_created_at_id"))

    op.drop_table("ledger_accounts")
