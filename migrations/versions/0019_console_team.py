"""The console's team and second factor: `admin_invitations` (a one-time link to join a
tenant's console, found by its token's keyed hash before the tenant is known, so a tenant
table under row-level security with the credential lookup policy on `token_hash`); on
`admin_users` the TOTP secret (encrypted), when it was turned on, the last time step used
(a code is accepted once) and the keyed hashes of the unused recovery codes; on
`admin_sessions` `last_seen_at` (the idle timeout) and `pending` (a password checked, the
second factor not yet: signed in for no page but the second step). An admin's email becomes
unique in its tenant rather than across tenants (sign-in finds it by `email_lookup`, now a
plain index).

Every new column is nullable or has a constant default: a catalog change on PostgreSQL and a
plain `ALTER TABLE ... ADD COLUMN` on SQLite; existing sessions count as seen when created.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-15 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db
from app.core import rls

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = app.core.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("admin_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("recovery_codes", sa.Text(), nullable=True))
        # an email is unique in a tenant, no longer across tenants: one tenant's admins
        # could otherwise take (and learn of) another tenant's people's emails
        batch_op.drop_constraint("uq_admin_users_email_lookup", type_="unique")
        batch_op.create_unique_constraint(
            "uq_admin_users_tenant_id_email_lookup", ["tenant_id", "email_lookup"]
        )
        batch_op.create_index("ix_admin_users_email_lookup", ["email_lookup"], unique=False)
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", UTC, nullable=True))
        batch_op.add_column(
            sa.Column("pending", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "admin_invitations",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("accepted_at", UTC, nullable=True),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("admin_user_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invited_by"],
            ["admin_users.tenant_id", "admin_users.id"],
            name=op.f("fk_admin_invitations_tenant_id_invited_by_admin_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "admin_user_id"],
            ["admin_users.tenant_id", "admin_users.id"],
            name=op.f("fk_admin_invitations_tenant_id_admin_user_id_admin_users"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_admin_invitations_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_admin_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_invitations_token_hash")),
    )
    op.create_index(
        op.f("ix_admin_invitations_tenant_id_created_at_id"),
        "admin_invitations",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    if _postgres():
        for statement in rls.enable("admin_invitations", lookup_column="token_hash"):
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        for statement in rls.disable("admin_invitations"):
            op.execute(statement)
    op.drop_index(
        op.f("ix_admin_invitations_tenant_id_created_at_id"), table_name="admin_invitations"
    )
    op.drop_table("admin_invitations")
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.drop_column("pending")
        batch_op.drop_column("last_seen_at")
    with op.batch_alter_table("admin_users", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_users_email_lookup")
        batch_op.drop_constraint("uq_admin_users_tenant_id_email_lookup", type_="unique")
        batch_op.create_unique_constraint("uq_admin_users_email_lookup", ["email_lookup"])
        batch_op.drop_column("recovery_codes")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
