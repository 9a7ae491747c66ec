"""Contract PDFs rendered by a job: `contract_renderings` (previews, and the queue entry of
a sealed PDF), under row-level security; the contract guard lets a sealed contract's PDF be
stored once after its seal, with its hash and its own seal (`pdf_seal`); it used to be
rendered inside the completing request. And `signing_links.revoked_at`: a new link for a
signer revokes the older ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls
from app.signing import guards

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf_seal", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("pdf_seal_key_id", sa.String(length=40), nullable=True))
    with op.batch_alter_table("signing_links", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revoked_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "contract_renderings",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("render_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("lease_until", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("requested_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rendered_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('preview', 'sealed')", name=op.f("ck_contract_renderings_kind")
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'rendering', 'ready', 'failed')",
            name=op.f("ck_contract_renderings_status"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            name=op.f("fk_contract_renderings_tenant_id_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_contract_renderings_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_contract_renderings")),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "render_key",
            name=op.f("uq_contract_renderings_tenant_id_contract_id_render_key"),
        ),
    )
    with op.batch_alter_table("contract_renderings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_renderings_tenant_id_status_requested_at"),
            ["tenant_id", "status", "requested_at"],
            unique=False,
        )
    if _postgres():
        for statement in rls.enable("contract_renderings"):
            op.execute(statement)
        op.execute(guards.contract_pdf_rendered_later())


def downgrade() -> None:
    if _postgres():
        op.execute(guards.contract_guards()[0])  # the function as migration 0005 made it
        for statement in rls.disable("contract_renderings"):
            op.execute(statement)
    with op.batch_alter_table("contract_renderings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_renderings_tenant_id_status_requested_at"))
    op.drop_table("contract_renderings")
    with op.batch_alter_table("signing_links", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("pdf_seal_key_id")
        batch_op.drop_column("pdf_seal")
