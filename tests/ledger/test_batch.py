"""ledger.post_many: a batch costs a constant number of statements, is all or nothing, and
writes exactly what the same postings one by one would; accounts are declared kinds, cached
per unit of work; an entry's currency is its account's, in the database too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.core.time import FrozenClock
from app.ledger import service as ledger
from app.ledger.errors import InsufficientBalance, UnbalancedTransaction
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.ledger.service import PLATFORM, Line, Posting
from tests.helpers import TenantHandle, database, new_tenant, sent_sql


@contextmanager
def uow(app: Any, tenant: TenantHandle) -> Iterator[Session]:
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        yield session


def _accounts(session: Session, n: int, tag: str = "x") -> tuple[str, list[str]]:
    cash = ledger.account_id(session, kind="provider_cash", owner_id=PLATFORM, currency="CNY")
    keys = [("employer_escrow", f"emp_{tag}{i}", "CNY") for i in range(n)]
    return cash, list(ledger.account_ids(session, keys).values())


def _deposits(cash: str, escrows: list[str], amount: int, n: int) -> list[Posting]:
    return [
        Posting(
            [Line(cash, "debit", amount), Line(escrows[i % len(escrows)], "credit", amount)],
            "CNY",
            f"deposit {i}",
        )
        for i in range(n)
    ]


def test_a_thousand_postings_cost_a_handful_of_statements(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrows = _accounts(session, 20)
        with sent_sql(app) as sent:
            ids = ledger.post_many(session, _deposits(cash, escrows, 100, 1_000))
        # 1 INSERT of transactions, 1 of entries, 21 account UPDATEs (one pipelined
        # executemany on PostgreSQL; one each on SQLite, in process), and on PostgreSQL the
        # savepoint around them: never one statement per posting.
        assert len(sent) <= 25, sent
        assert len(set(ids)) == 1_000
        session.expire_all()
        assert ledger.get_account(session, cash).balances.posted == 100_000
        assert ledger.get_account(session, escrows[0]).balances.posted == 5_000
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 2_000
        assert ledger.audit(session) == []


def test_a_batch_is_all_or_nothing(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, (escrow, held) = _accounts(session, 2)
        ledger.post_many(session, _deposits(cash, [escrow], 1_000, 1))
    with pytest.raises(InsufficientBalance) as refused, uow(app, tenant) as session:
        ledger.post_many(
            session,
            [
                Posting([Line(escrow, "debit", 600), Line(held, "credit", 600)], "CNY", "a"),
                Posting([Line(escrow, "debit", 600), Line(held, "credit", 600)], "CNY", "b"),
            ],
            insufficient_code="insufficient_escrow_balance",
        )
    assert refused.value.code == "insufficient_escrow_balance"
    assert "employer_escrow" in refused.value.detail and "1000 CNY" in refused.value.detail
    with uow(app, tenant) as session:
        assert session.scalar(select(func.count()).select_from(LedgerTransaction)) == 1
        assert ledger.get_account(session, escrow).balances.available == 1_000


def test_many_accounts_refused_names_the_short_one(app: Any, tenant: TenantHandle) -> None:
    """Past the pipelined path (more than 8 accounts): the refusal is found again one
    statement at a time and named."""
    with uow(app, tenant) as session:
        cash, escrows = _accounts(session, 12)
        payable = ledger.account_id(
            session, kind="worker_payable", owner_id="wkr_short", currency="CNY"
        )
        ledger.post_many(session, _deposits(cash, escrows, 500, 12))
        postings = [
            Posting([Line(e, "debit", 500), Line(payable, "credit", 500)], "CNY", "ok")
            for e in escrows[:-1]
        ] + [Posting([Line(escrows[-1], "debit", 501), Line(payable, "credit", 501)], "CNY", "x")]
        with pytest.raises(InsufficientBalance) as refused, session.begin_nested():
            ledger.post_many(session, postings)
        assert "employer_escrow account (500 CNY" in refused.value.detail
        session.expire_all()
        assert ledger.get_account(session, payable).balances.posted == 0
        assert ledger.audit(session) == []


def test_an_idempotency_key_writes_once_in_and_across_batches(
    app: Any, tenant: TenantHandle
) -> None:
    with uow(app, tenant) as session:
        cash, (escrow,) = _accounts(session, 1)
        lines = [Line(cash, "debit", 10), Line(escrow, "credit", 10)]
        first = Posting(lines, "CNY", "d", idempotency_key="dep:1")
        other = Posting(lines, "CNY", "d", idempotency_key="dep:2")
        a, b, c = ledger.post_many(session, [first, other, first])
        assert a == c != b
        assert ledger.post_many(session, [other, first]) == [b, a]
        session.expire_all()
        assert ledger.get_account(session, escrow).balances.posted == 20


def test_an_account_takes_one_currency_per_batch(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, (escrow,) = _accounts(session, 1)
        usd = ledger.account_id(session, kind="provider_cash", owner_id=PLATFORM, currency="USD")
        with pytest.raises(UnbalancedTransaction) as mixed:
            ledger.post_many(
                session,
                [
                    Posting([Line(cash, "debit", 5), Line(escrow, "credit", 5)], "CNY", "a"),
                    Posting([Line(usd, "debit", 5), Line(escrow, "credit", 5)], "USD", "b"),
                ],
            )
        assert mixed.value.code == "currency_mismatch"
        assert session.scalar(select(func.count()).select_from(LedgerTransaction)) == 0


def test_the_database_refuses_an_entry_in_another_currency(app: Any, tenant: TenantHandle) -> None:
    """The composite foreign key (tenant, account, currency): on SQLite as on PostgreSQL."""
    with uow(app, tenant) as session:
        cash, (escrow,) = _accounts(session, 1)
        ledger.post_many(session, _deposits(cash, [escrow], 7, 1))
        txn = session.scalar(select(LedgerTransaction.id))
        with pytest.raises(DBAPIError, match=r"(?i)foreign key"), session.begin_nested():
            session.execute(
                text(
                    "INSERT INTO ledger_entries (tenant_id, id, transaction_id, account_id,"
                    " direction, amount, currency, created_at)"
                    " VALUES (:t, 'len_usd', :x, :a, 'debit', 1, 'USD', :at)"
                ),
                {"t": tenant.id, "x": txn, "a": cash, "at": dt.datetime(2026, 1, 1)},
            )


def test_effective_at_defaults_to_the_unit_of_works_clock(app: Any, tenant: TenantHandle) -> None:
    start = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
    with uow(app, tenant) as session:
        session.info["clock"] = FrozenClock(start)
        cash, (escrow,) = _accounts(session, 1)
        lines = [Line(cash, "debit", 1), Line(escrow, "credit", 1)]
        now_id = ledger.post(session, lines=lines, currency="CNY", description="now")
        earlier = start - dt.timedelta(days=2)
        back_id = ledger.post(
            session, lines=lines, currency="CNY", description="back", effective_at=earlier
        )
        now_txn, entries = ledger.get_transaction(session, now_id)
        back_txn, _ = ledger.get_transaction(session, back_id)
        assert (now_txn.effective_at, now_txn.created_at, now_txn.posted_at) == (start,) * 3
        assert {e.created_at for e in entries} == {start}
        assert (back_txn.effective_at, back_txn.created_at) == (earlier, start)
        assert ledger.get_account(session, escrow).created_at == start


def test_kinds_are_declared_once(app: Any) -> None:
    assert ledger.declare_kind("worker_payable", normal="credit", owner="worker")
    with pytest.raises(ValueError, match="already declared"):
        ledger.declare_kind("worker_payable", normal="debit", owner="worker")
    with pytest.raises(ValueError, match="bad ledger account kind"):
        ledger.declare_kind("Bad Kind", normal="credit", owner="worker")
    assert {"provider_cash", "employer_escrow", "employer_held", "worker_payable"} <= set(
        ledger.KINDS
    )


def test_an_undeclared_kind_is_refused(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session, pytest.raises(ValueError, match="undeclared"):
        ledger.account_id(session, kind="tips_payable", owner_id="wkr_x", currency="CNY")
    resp = app.test_client().get(
        "/v1/ledger/accounts?kind=tips_payable",
        headers={"Authorization": f"Bearer {tenant.api_key}"},
    )
    assert resp.status_code == 422 and "worker_payable" in resp.get_data(as_text=True)


def test_a_declared_kind_is_booked_with_its_definition(app: Any, tenant: TenantHandle) -> None:
    kind = ledger.declare_kind(
        "test_suspense", normal="debit", owner=PLATFORM, may_go_negative=True
    )
    try:
        with uow(app, tenant) as session:
            cash, _ = _accounts(session, 0)
            suspense = ledger.account(session, kind=kind, owner_id=PLATFORM, currency="CNY")
            assert (suspense.normal_balance, suspense.owner_type, suspense.allow_negative) == (
                "debit",
                PLATFORM,
                True,
            )
            ledger.post(  # it may go negative: no refusal
                session,
                lines=[Line(cash, "debit", 3), Line(suspense.id, "credit", 3)],
                currency="CNY",
                description="suspense",
            )
            session.expire_all()
            assert ledger.get_account(session, suspense.id).balances.posted == -3
    finally:
        del ledger.KINDS[kind]  # the spec lists the declared kinds


def test_accounts_are_looked_up_once_per_unit_of_work(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        keys = [("worker_payable", f"wkr_{i}", "CNY") for i in range(300)]
        session.connection()  # the transaction has begun (BEGIN, the tenant's settings)
        with sent_sql(app) as sent:
            first = ledger.account_ids(session, keys)
        assert len(sent) <= 3  # SELECT, INSERT of the missing, SELECT of those
        with sent_sql(app) as sent:
            assert ledger.account_ids(session, keys) == first
        assert sent == []


def test_a_rolled_back_savepoint_forgets_the_accounts_it_made(
    app: Any, tenant: TenantHandle
) -> None:
    with uow(app, tenant) as session:
        _cash, _ = _accounts(session, 0)
        with pytest.raises(RuntimeError), session.begin_nested():
            gone = ledger.account_id(
                session, kind="worker_payable", owner_id="wkr_g", currency="CNY"
            )
            raise RuntimeError("roll the savepoint back")
        again = ledger.account_id(session, kind="worker_payable", owner_id="wkr_g", currency="CNY")
        assert again != gone
        assert session.get(LedgerAccount, (tenant.id, again)) is not None


def test_committed_account_ids_are_known_to_the_next_unit_of_work(
    app: Any, tenant: TenantHandle
) -> None:
    key = {"kind": "worker_payable", "owner_id": "wkr_next", "currency": "CNY"}
    with uow(app, tenant) as session:
        made = ledger.account_id(session, **key)
    with uow(app, tenant) as session, sent_sql(app, "ledger_accounts") as sent:
        assert ledger.account_id(session, **key) == made
    assert sent == []  # no lookup: the process knows it from the committed unit of work
    other_tenant = new_tenant(app)  # per tenant: another's key is looked up (and new)
    with uow(app, other_tenant) as session:
        assert ledger.account_id(session, **key) != made


def test_ids_from_a_rolled_back_unit_or_savepoint_are_never_shared(
    app: Any, tenant: TenantHandle
) -> None:
    lost = {"kind": "worker_payable", "owner_id": "wkr_lost", "currency": "CNY"}
    inner = {"kind": "worker_payable", "owner_id": "wkr_inner", "currency": "CNY"}
    with pytest.raises(RuntimeError), uow(app, tenant) as session:
        gone = ledger.account_id(session, **lost)
        raise RuntimeError("roll the unit of work back")
    with uow(app, tenant) as session:
        with pytest.raises(RuntimeError), session.begin_nested():
            gone_inner = ledger.account_id(session, **inner)
            raise RuntimeError("roll the savepoint back")
        ledger.account_id(session, kind="worker_payable", owner_id="wkr_kept", currency="CNY")
    with uow(app, tenant) as session:
        assert ledger.account_id(session, **lost) != gone  # made anew, really there
        again = ledger.account_id(session, **inner)
        assert again != gone_inner
        assert session.get(LedgerAccount, (tenant.id, again)) is not None
