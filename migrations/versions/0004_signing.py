"""Signing: contract templates, contracts, signers, the contracts' audit chain.

On PostgreSQL: row-level security on every new table; templates and audit events are
append-only (a trigger, and the application role gets only SELECT and INSERT on them).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 15:31:07.380881
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ["contract_templates", "contracts", "contract_signers", "contract_audit_events"]
APPEND_ONLY = ["contract_templates", "contract_audit_events"]


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "contract_templates",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("placeholders", app.core.db.JSONType, nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_contract_templates_version")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_contract_templates_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_contract_templates")),
        sa.UniqueConstraint(
            "tenant_id", "key", "version", name=op.f("uq_contract_templates_tenant_id_key_version")
        ),
        info={"append_only": True},
    )
    with op.batch_alter_table("contract_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_templates_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "contracts",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("template_id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("variables", app.core.db.JSONType, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=True),
        sa.Column("sign_by", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.Column("rescinds_id", sa.String(length=40), nullable=True),
        sa.Column("rescinded_by_id", sa.String(length=40), nullable=True),
        sa.Column("rescinded_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=200), nullable=True),
        sa.Column("seal_key_id", sa.String(length=40), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("metadata", app.core.db.JSONType, nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'sent', 'partially_signed', 'completed', 'declined', 'voided', 'expired', 'rescinded')",
            name=op.f("ck_contracts_status"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "template_id"],
            ["contract_templates.tenant_id", "contract_templates.id"],
            name=op.f("fk_contracts_tenant_id_template_id_contract_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_contracts_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_contracts")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contracts_tenant_id_created_at_id"),
            ["tenant_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_tenant_id_document_sha256"),
            ["tenant_id", "document_sha256"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_tenant_id_pdf_sha256"),
            ["tenant_id", "pdf_sha256"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_tenant_id_status_sign_by"),
            ["tenant_id", "status", "sign_by"],
            unique=False,
        )

    op.create_table(
        "contract_audit_events",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("data", app.core.db.JSONType, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            name=op.f("fk_contract_audit_events_tenant_id_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_contract_audit_events_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_contract_audit_events")),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "seq",
            name=op.f("uq_contract_audit_events_tenant_id_contract_id_seq"),
        ),
        info={"append_only": True},
    )
    op.create_table(
        "contract_signers",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=40), nullable=False),
        sa.Column("party_type", sa.String(length=10), nullable=False),
        sa.Column("party_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("signing_order", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("signed_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("evidence", app.core.db.JSONType, nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "party_type IN ('worker', 'employer')", name=op.f("ck_contract_signers_party_type")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'signed', 'declined')", name=op.f("ck_contract_signers_status")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            name=op.f("fk_contract_signers_tenant_id_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_contract_signers_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_contract_signers")),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "party_id",
            name=op.f("uq_contract_signers_tenant_id_contract_id_party_id"),
        ),
    )
    with op.batch_alter_table("contract_signers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_signers_tenant_id_contract_id_signing_order"),
            ["tenant_id", "contract_id", "signing_order"],
            unique=False,
        )

    if _postgres():
        for table in TENANT_TABLES:
            for statement in rls.enable(table):
                op.execute(statement)
        for table in APPEND_ONLY:
            for statement in rls.append_only(table):
                op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        for table in TENANT_TABLES:
            for statement in rls.disable(table):
                op.execute(statement)
    with op.batch_alter_table("contract_signers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_signers_tenant_id_contract_id_signing_order"))

    op.drop_table("contract_signers")
    op.drop_table("contract_audit_events")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_tenant_id_status_sign_by"))
        batch_op.drop_index(batch_op.f("ix_contracts_tenant_id_pdf_sha256"))
        batch_op.drop_index(batch_op.f("ix_contracts_tenant_id_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_contracts_tenant_id_created_at_id"))

    op.drop_table("contracts")
    with op.batch_alter_table("contract_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_templates_tenant_id_created_at_id"))

    op.drop_table("contract_templates")
