"""ledger.service: balanced postings, no overdraft, pending/posted/archived, reversals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.errors import InvalidState
from app.ledger import service as ledger
from app.ledger.errors import InsufficientBalance, UnbalancedTransaction
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.ledger.service import PLATFORM, Line
from tests.helpers import TenantHandle, database


@contextmanager
def uow(app: Any, tenant: TenantHandle) -> Iterator[Session]:
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        yield session


def _accounts(session: Session) -> tuple[str, str]:
    cash = ledger.account(session, kind="provider_cash", owner_id=PLATFORM, currency="CNY").id
    escrow = ledger.account(session, kind="employer_escrow", owner_id="emp_x", currency="CNY").id
    return cash, escrow


def _fund(session: Session, amount: int) -> tuple[str, str]:
    cash, escrow = _accounts(session)
    ledger.post(
        session,
        lines=[Line(cash, "debit", amount), Line(escrow, "credit", amount)],
        currency="CNY",
        description="deposit",
    )
    return cash, escrow


def _balances(session: Session, account_id: str) -> tuple[int, int, int]:
    b = ledger.get_account(session, account_id).balances
    return b.posted, b.pending, b.available


def test_a_posting_moves_both_sides(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrow = _fund(session, 100_000)
        session.expire_all()
        assert _balances(session, cash) == (100_000, 100_000, 100_000)
        assert _balances(session, escrow) == (100_000, 100_000, 100_000)
        assert ledger.audit(session) == []


@pytest.mark.parametrize(
    "lines",
    [
        [("cash", "debit", 100)],
        [("cash", "debit", 100), ("escrow", "credit", 99)],
        [("cash", "debit", 0), ("escrow", "credit", 0)],
        [("cash", "debit", -5), ("escrow", "credit", -5)],
        [("cash", "debit", 1.5), ("escrow", "credit", 1.5)],
        [("cash", "debit", True), ("escrow", "credit", True)],
        [("cash", "debit", 10**16), ("escrow", "credit", 10**16)],
        [("cash", "sideways", 5), ("escrow", "credit", 5)],
    ],
)
def test_invalid_transactions_are_refused(app: Any, tenant: TenantHandle, lines: list[Any]) -> None:
    with uow(app, tenant) as session:
        ids = dict(zip(("cash", "escrow"), _accounts(session), strict=True))
        with pytest.raises(UnbalancedTransaction):
            ledger.post(
                session,
                lines=[Line(ids[a], d, x) for a, d, x in lines],
                currency="CNY",
                description="bad",
            )
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 0


def test_unknown_or_other_currency_is_refused(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrow = _accounts(session)
        lines = [Line(cash, "debit", 5), Line(escrow, "credit", 5)]
        with pytest.raises(UnbalancedTransaction):
            ledger.post(session, lines=lines, currency="XXX", description="bad")
        with pytest.raises(UnbalancedTransaction) as mismatch:
            ledger.post(session, lines=lines, currency="USD", description="bad")
        assert mismatch.value.code == "currency_mismatch"


def test_an_account_cannot_be_overdrawn(app: Any, tenant: TenantHandle) -> None:
    with pytest.raises(InsufficientBalance) as refused, uow(app, tenant) as session:
        _cash, escrow = _fund(session, 1_000)
        held = ledger.account(session, kind="employer_held", owner_id="emp_x", currency="CNY").id
        ledger.post(
            session,
            lines=[Line(escrow, "debit", 1_001), Line(held, "credit", 1_001)],
            currency="CNY",
            description="too much",
            insufficient_code="insufficient_escrow_balance",
        )
    assert refused.value.code == "insufficient_escrow_balance" and refused.value.status == 402
    with uow(app, tenant) as session:  # the whole unit of work rolled back
        assert session.scalar(select(func.count()).select_from(LedgerTransaction)) == 0


def test_pending_reserves_then_posts_or_archives(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrow = _fund(session, 10_000)
        payable = ledger.account(
            session, kind="worker_payable", owner_id="wkr_x", currency="CNY"
        ).id
        ledger.post(
            session,
            lines=[Line(escrow, "debit", 10_000), Line(payable, "credit", 10_000)],
            currency="CNY",
            description="wage",
        )
        pending = ledger.post(
            session,
            lines=[Line(payable, "debit", 6_000), Line(cash, "credit", 6_000)],
            currency="CNY",
            description="payout",
            status="pending",
        )
        session.expire_all()
        assert _balances(session, payable) == (10_000, 4_000, 4_000)  # reserved at once
        # the reserved part cannot be spent again (refused inside a savepoint: we carry on)
        with pytest.raises(InsufficientBalance), session.begin_nested():
            ledger.post(
                session,
                lines=[Line(payable, "debit", 5_000), Line(cash, "credit", 5_000)],
                currency="CNY",
                description="payout",
                status="pending",
            )
        ledger.settle_pending(session, pending, outcome="archived")
        session.expire_all()
        assert _balances(session, payable) == (10_000, 10_000, 10_000)
        again = ledger.post(
            session,
            lines=[Line(payable, "debit", 6_000), Line(cash, "credit", 6_000)],
            currency="CNY",
            description="payout",
            status="pending",
        )
        ledger.settle_pending(session, again, outcome="posted")
        session.expire_all()
        assert _balances(session, payable) == (4_000, 4_000, 4_000)
        assert _balances(session, cash) == (4_000, 4_000, 4_000)
        with pytest.raises(InvalidState):
            ledger.settle_pending(session, again, outcome="archived")
        assert ledger.audit(session) == []


def test_a_reversal_mirrors_once(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrow = _fund(session, 7_000)
        original = ledger.post(
            session,
            lines=[Line(cash, "debit", 500), Line(escrow, "credit", 500)],
            currency="CNY",
            description="mistake",
        )
        reversal = ledger.reverse(session, original, description="correction")
        assert ledger.reverse(session, original, description="again") == reversal
        txn, entries = ledger.get_transaction(session, reversal)
        assert txn.reverses_id == original
        assert sorted((e.direction, e.amount) for e in entries) == [("credit", 500), ("debit", 500)]
        session.expire_all()
        assert _balances(session, escrow)[0] == 7_000
        pending = ledger.post(
            session,
            lines=[Line(escrow, "debit", 1), Line(cash, "credit", 1)],
            currency="CNY",
            description="p",
            status="pending",
        )
        with pytest.raises(InvalidState):
            ledger.reverse(session, pending, description="only posted ones")
        assert ledger.audit(session) == []


def test_an_idempotency_key_posts_once(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, escrow = _accounts(session)
        lines = [Line(cash, "debit", 300), Line(escrow, "credit", 300)]
        first = ledger.post(
            session, lines=lines, currency="CNY", description="d", idempotency_key="deposit:1"
        )
        second = ledger.post(
            session, lines=lines, currency="CNY", description="d", idempotency_key="deposit:1"
        )
        assert first == second
        session.expire_all()
        assert _balances(session, cash)[0] == 300


def test_the_audit_notices_tampering(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        cash, _escrow = _fund(session, 2_000)
        session.execute(
            update(LedgerAccount).where(LedgerAccount.id == cash).values(posted_debits=2_500)
        )
        problems = ledger.audit(session)
    assert any(cash in p and "!= entries" in p for p in problems)


def test_accounts_are_created_once_per_kind_owner_currency(app: Any, tenant: TenantHandle) -> None:
    with uow(app, tenant) as session:
        first = ledger.account(session, kind="worker_payable", owner_id="wkr_a", currency="CNY")
        again = ledger.account(session, kind="worker_payable", owner_id="wkr_a", currency="CNY")
        other = ledger.account(session, kind="worker_payable", owner_id="wkr_a", currency="USD")
        assert first.id == again.id != other.id
        assert first.normal_balance == "credit" and not first.allow_negative
