"""Objects made under a test clock carry its id: a nullable `test_clock_id` on the tables
whose rows' life a clock drives (`core.stamps.OnTestClock`): engagements, shifts, deposits,
holds, releases, refunds, payouts, payslips, contracts, insurance policies and claims.

NULL for every existing row (and for everything a tenant makes without a clock, live tenants'
included). Filled on insert only, by the flush and by `core.bulk`, from the clock the unit of
work read (`core/time.py`).

No foreign key to `test_clocks`, on purpose: deleting a clock deletes its row, and the objects
made under it keep its id as history (as Stripe's do), so the id may name a clock that no
longer exists; a foreign key would have to forbid the delete, cascade into money records, or
null the history out. The id is only ever read back, never joined. No index either: nothing
filters on it yet (an index can come with a `?test_clock=` list filter). Adding a nullable
column with no default is a catalog change on PostgreSQL (no table rewrite) and a plain
`ALTER TABLE ... ADD COLUMN` on SQLite; row-level security, grants and append-only triggers
are per table and unchanged.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-12 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

COLUMN = "test_clock_id"
TABLES = (
    "work_engagements",
    "work_shifts",
    "escrow_deposits",
    "escrow_holds",
    "escrow_releases",
    "escrow_refunds",
    "payouts",
    "payslips",
    "contracts",
    "insurance_policies",
    "insurance_claims",
)

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(COLUMN, sa.String(length=40), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(COLUMN)
