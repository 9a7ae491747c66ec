"""Property: a batch (`post_many`) writes exactly what the same postings one by one (`post`)
write: the same entries, the same totals on every account. The one difference is the
documented one: a batch is checked for overdraft on its net effect, so it may pass where one
by one an intermediate step would have been refused; whenever a batch passes, no account is
overdrawn."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ledger import service as ledger
from app.ledger.errors import InsufficientBalance
from app.ledger.models import LedgerAccount, LedgerEntry
from app.ledger.service import PLATFORM, Line, Posting
from tests.helpers import TenantHandle, database

KINDS = ["provider_cash", "employer_escrow", "employer_escrow", "worker_payable", "worker_payable"]
_run = itertools.count()

postings = st.lists(
    st.tuples(
        st.integers(0, 4),  # debited account
        st.integers(1, 4),  # credited account offset (never the same account)
        st.integers(1, 900),
        st.booleans(),  # pending
        st.sampled_from([None, None, None, "k1", "k2"]),  # idempotency key
    ),
    min_size=1,
    max_size=12,
)


class _Undo(Exception):
    """Rolls a savepoint back."""


def _snapshot(session: Session, accounts: list[str], ids: list[str]) -> tuple[Any, ...]:
    session.expire_all()
    totals = sorted(
        (a.id, a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits)
        for a in session.scalars(select(LedgerAccount).where(LedgerAccount.id.in_(accounts)))
    )
    index = {txn: ids.index(txn) for txn in ids}  # a repeated key maps to its first posting
    entries = sorted(
        (index[e.transaction_id], e.account_id, e.direction, e.amount, e.currency)
        for e in session.scalars(select(LedgerEntry).where(LedgerEntry.transaction_id.in_(ids)))
    )
    statuses = sorted((index[t], s) for t, s in ledger.transaction_statuses(session, ids).items())
    return totals, entries, statuses


def _run_in_savepoint(session: Session, run: Any) -> Any:
    """`run()`'s outcome (a snapshot, or "refused"), with everything it wrote undone."""
    outcome: Any = None
    try:
        with session.begin_nested():
            try:
                outcome = run()
            except InsufficientBalance:
                outcome = "refused"
            raise _Undo
    except _Undo:
        pass
    return outcome


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=postings)
def test_a_batch_equals_its_postings_one_by_one(
    app: Any, tenant: TenantHandle, moves: list[Any]
) -> None:
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        tag = f"{next(_run)}"
        owners = [PLATFORM, f"emp_p{tag}a", f"emp_p{tag}b", f"wkr_p{tag}a", f"wkr_p{tag}b"]
        accounts = [
            ledger.account_id(session, kind=k, owner_id=o, currency="CNY")
            for k, o in zip(KINDS, owners, strict=True)
        ]
        funding = [
            Posting(
                [Line(accounts[0], "debit", 1_000), Line(accounts[i], "credit", 1_000)], "CNY", "f"
            )
            for i in (1, 3)
        ]
        batch = [
            Posting(
                [
                    Line(accounts[d], "debit", amount),
                    Line(accounts[(d + offset) % 5], "credit", amount),
                ],
                "CNY",
                f"move {n}",
                status="pending" if pending else "posted",
                idempotency_key=f"{tag}:{key}" if key else None,
            )
            for n, (d, offset, amount, pending, key) in enumerate(moves)
        ]

        def one_by_one() -> Any:
            ledger.post_many(session, funding)
            ids = [
                ledger.post(
                    session,
                    lines=p.lines,
                    currency=p.currency,
                    description=p.description,
                    status=p.status,
                    idempotency_key=p.idempotency_key,
                )
                for p in batch
            ]
            return _snapshot(session, accounts, ids)

        def all_at_once() -> Any:
            ledger.post_many(session, funding)
            snapshot = _snapshot(session, accounts, ledger.post_many(session, batch))
            assert ledger.audit(session) == []  # no account overdrawn, totals = entries
            return snapshot

        single, many = (
            _run_in_savepoint(session, one_by_one),
            _run_in_savepoint(session, all_at_once),
        )
        if single != "refused":
            assert many == single
        if many == "refused":
            assert single == "refused"
