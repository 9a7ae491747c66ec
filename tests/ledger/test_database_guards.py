"""The ledger's rules enforced by PostgreSQL itself, checked in raw SQL as the app role:
whatever the application does, an unbalanced transaction cannot commit, entries cannot be
edited, a posted transaction cannot change, an account cannot be overdrawn, and money
records cannot be deleted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from tests.conftest import Postgres
from tests.helpers import ApiClient, TenantHandle, money_trail, new_tenant

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def trail(pg_app: Any) -> tuple[TenantHandle, dict[str, str]]:
    tenant = new_tenant(pg_app)
    return tenant, money_trail(ApiClient(pg_app.test_client(), tenant.api_key))


@pytest.fixture()
def conn(postgres: Postgres) -> Iterator[Connection]:
    engine = create_engine(postgres.app_url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def _as_tenant(conn: Connection, tenant_id: str) -> None:
    conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})


def _one(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).scalar()


def test_an_unbalanced_transaction_cannot_commit(conn: Connection, trail: Any) -> None:
    tenant, ids = trail
    with pytest.raises(DBAPIError, match="unbalanced"), conn.begin():
        _as_tenant(conn, tenant.id)
        conn.execute(
            text(
                "INSERT INTO ledger_transactions (tenant_id, id, status, description,"
                " effective_at, created_at, metadata)"
                " VALUES (:t, 'ltx_forged', 'posted', 'x', now(), now(), '{}')"
            ),
            {"t": tenant.id},
        )
        conn.execute(
            text(
                "INSERT INTO ledger_entries (tenant_id, id, transaction_id, account_id, direction,"
                " amount, currency, created_at) VALUES (:t, 'len_forged', 'ltx_forged', :a,"
                " 'credit', 100, 'CNY', now())"
            ),
            {"t": tenant.id, "a": ids["lac"]},
        )
    with conn.begin():
        _as_tenant(conn, tenant.id)
        assert _one(conn, "SELECT count(*) FROM ledger_transactions WHERE id = 'ltx_forged'") == 0


def test_entries_are_append_only(conn: Connection, trail: Any) -> None:
    tenant, _ids = trail
    for sql in ("UPDATE ledger_entries SET amount = amount + 1", "DELETE FROM ledger_entries"):
        with pytest.raises(DBAPIError, match="permission denied"), conn.begin():
            _as_tenant(conn, tenant.id)
            conn.execute(text(sql))


def test_a_settled_transaction_never_changes(conn: Connection, trail: Any) -> None:
    tenant, ids = trail
    for sql in (
        "UPDATE ledger_transactions SET status = 'archived' WHERE id = :x",
        "UPDATE ledger_transactions SET description = 'rewritten' WHERE id = :x",
    ):
        with pytest.raises(DBAPIError, match="only go from pending"), conn.begin():
            _as_tenant(conn, tenant.id)
            conn.execute(text(sql), {"x": ids["ltx"]})
    with pytest.raises(DBAPIError, match="permission denied"), conn.begin():
        _as_tenant(conn, tenant.id)
        conn.execute(text("DELETE FROM ledger_transactions"))


def test_an_account_cannot_be_overdrawn_even_by_hand(conn: Connection, trail: Any) -> None:
    tenant, _ids = trail
    with pytest.raises(DBAPIError, match="not_negative"), conn.begin():
        _as_tenant(conn, tenant.id)
        conn.execute(
            text(
                "UPDATE ledger_accounts SET posted_debits = posted_credits + 1"
                " WHERE kind = 'employer_escrow'"
            )
        )


@pytest.mark.parametrize(
    "table",
    [
        "payouts",
        "escrow_deposits",
        "escrow_holds",
        "escrow_releases",
        "escrow_refunds",
        "ledger_accounts",
        "sandbox_transfers",
    ],
)
def test_money_records_cannot_be_deleted(conn: Connection, trail: Any, table: str) -> None:
    tenant, _ids = trail
    with pytest.raises(DBAPIError, match="permission denied"), conn.begin():
        _as_tenant(conn, tenant.id)
        conn.execute(text(f"DELETE FROM {table}"))
