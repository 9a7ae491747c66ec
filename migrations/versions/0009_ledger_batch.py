"""Ledger batch posting: an entry's currency is its account's, and releases and payouts carry
a natural unique `source`.

- `ledger_accounts`: unique `(tenant_id, id, currency)`, so that `ledger_entries` can refer
  to its account by `(tenant_id, account_id, currency)`: this composite foreign key replaces
  the one on `(tenant_id, account_id)`, and the database (PostgreSQL and SQLite alike)
  refuses an entry in another currency than its account's. Existing entries are checked when
  the key is added; the service has always refused such postings, so none is expected.
- `escrow_releases.source_type/source_id` and `payouts.source_type/source_id`: what the
  release or payout is for (e.g. `("settlement", stl_...)`), unique per tenant, so a batch
  run again (`escrow.release_holds`, `payouts.create_payouts`) cannot pay twice. NULL for
  rows created one by one through the API (NULLs never collide).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_FK = "fk_ledger_entries_tenant_id_account_id_ledger_accounts"
NEW_FK = "fk_ledger_entries_tenant_id_account_id_currency_ledger_accounts"
ACCOUNT_KEY = "uq_ledger_accounts_tenant_id_id_currency"


def upgrade() -> None:
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.create_unique_constraint(ACCOUNT_KEY, ["tenant_id", "id", "currency"])
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(OLD_FK, type_="foreignkey")
        batch_op.create_foreign_key(
            NEW_FK,
            "ledger_accounts",
            ["tenant_id", "account_id", "currency"],
            ["tenant_id", "id", "currency"],
        )
    for table in ("escrow_releases", "payouts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("source_type", sa.String(length=40), nullable=True))
            batch_op.add_column(sa.Column("source_id", sa.String(length=40), nullable=True))
            batch_op.create_unique_constraint(
                f"uq_{table}_tenant_id_source_type_source_id",
                ["tenant_id", "source_type", "source_id"],
            )


def downgrade() -> None:
    for table in ("payouts", "escrow_releases"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_tenant_id_source_type_source_id", type_="unique")
            batch_op.drop_column("source_id")
            batch_op.drop_column("source_type")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(NEW_FK, type_="foreignkey")
        batch_op.create_foreign_key(
            OLD_FK, "ledger_accounts", ["tenant_id", "account_id"], ["tenant_id", "id"]
        )
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.drop_constraint(ACCOUNT_KEY, type_="unique")
