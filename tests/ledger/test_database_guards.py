"""The ledger's rules enforced by PostgreSQL itself, checked in raw SQL as the app role:
whatever the application does, an unbalanced transaction cannot commit, entries cannot be
edited, a posted transaction cannot change, an account cannot be overdrawn, and money
records cannot be deleted. Then the same guards behind the service, with its own checks
switched off, for `post()` and `post_many()` alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.ledger import posting
from app.ledger import service as ledger
from app.ledger.errors import UnbalancedTransaction
from app.ledger.service import PLATFORM, Line, Posting
from tests.conftest import Postgres
from tests.helpers import ApiClient, TenantHandle, database, money_trail, new_tenant

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


# --- the same guards behind the service: post() and post_many() alike -----------------------


def _write(session: Any, lines: list[Line], batch: bool, filler: list[Posting]) -> None:
    """One posting through `post()`, or through `post_many()` among postings touching more
    than eight accounts (the pipelined path)."""
    if batch:
        ledger.post_many(session, [Posting(lines, "CNY", "forged"), *filler])
    else:
        ledger.post(session, lines=lines, currency="CNY", description="forged")


@pytest.fixture()
def books(pg_app: Any) -> tuple[Any, str, list[str], list[Posting]]:
    tenant = new_tenant(pg_app)
    with database(pg_app).unit_of_work(tenant_id=tenant.id) as session:
        cash = ledger.account_id(session, kind="provider_cash", owner_id=PLATFORM, currency="CNY")
        keys = [("employer_escrow", f"emp_{i}", "CNY") for i in range(10)]
        escrows = list(ledger.account_ids(session, keys).values())
    filler = [Posting([Line(cash, "debit", 1), Line(e, "credit", 1)], "CNY", "f") for e in escrows]
    return tenant, cash, escrows, filler


@pytest.mark.parametrize("batch", [False, True], ids=["post", "post_many"])
def test_an_unbalanced_posting_cannot_commit(
    pg_app: Any, books: Any, batch: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant, cash, escrows, filler = books
    monkeypatch.setattr(posting, "_check_balanced", lambda _posting: None)  # the service's check
    lines = [Line(cash, "debit", 100), Line(escrows[0], "credit", 99)]
    with (
        pytest.raises(DBAPIError, match="unbalanced"),
        database(pg_app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        _write(session, lines, batch, filler)


@pytest.mark.parametrize("batch", [False, True], ids=["post", "post_many"])
def test_an_overdraft_is_refused_by_the_check_constraint(
    pg_app: Any, books: Any, batch: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant, cash, escrows, filler = books
    unguarded = posting._add_to_totals(guarded=False)  # the service's conditional UPDATE
    monkeypatch.setattr(posting, "_ADD_TO_TOTALS", unguarded)
    lines = [Line(escrows[0], "debit", 5), Line(cash, "credit", 5)]
    with (
        pytest.raises(DBAPIError, match="not_negative"),
        database(pg_app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        _write(session, lines, batch, filler)


@pytest.mark.parametrize("batch", [False, True], ids=["post", "post_many"])
def test_an_entry_in_another_currency_is_refused_by_the_foreign_key(
    pg_app: Any, books: Any, batch: bool
) -> None:
    tenant, cash, _escrows, filler = books
    with database(pg_app).unit_of_work(tenant_id=tenant.id) as session:
        usd = ledger.account_id(session, kind="employer_escrow", owner_id="emp_0", currency="USD")
    lines = [Line(cash, "debit", 5), Line(usd, "credit", 5)]
    with (
        pytest.raises(UnbalancedTransaction) as refused,
        database(pg_app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        _write(session, lines, batch, filler)
    assert refused.value.code == "currency_mismatch"
    assert isinstance(refused.value.__cause__, IntegrityError)
