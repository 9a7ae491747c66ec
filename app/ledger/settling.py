"""After posting: a pending transaction settles once (`posted` or `archived`), a posted one
is corrected only by its mirror image (a reversal, at most once)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal, cast

from sqlalchemy import BigInteger, Boolean, Table, Update, bindparam, case, select, update
from sqlalchemy.orm import Session

from app.core.errors import InvalidState
from app.core.tenancy import tenant_of
from app.core.time import now
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.ledger.posting import Direction, Line, post
from app.ledger.queries import get_transaction


def settle_pending(
    session: Session, transaction_id: str, *, outcome: Literal["posted", "archived"]
) -> LedgerTransaction:
    """`pending -> posted` (the money moved) or `pending -> archived` (it did not: the
    pending entries stop counting, so what they reserved is available again)."""
    settle_pending_many(session, [transaction_id], outcome=outcome)
    txn, _entries = get_transaction(session, transaction_id)
    session.refresh(txn)
    return txn


def settle_pending_many(
    session: Session, transaction_ids: Iterable[str], *, outcome: Literal["posted", "archived"]
) -> None:
    """`settle_pending` for many transactions, all or none, in three statements: one UPDATE
    of the transactions, one SELECT of their entries, and the accounts' totals moved by one
    UPDATE per account (in id order, pipelined), whatever the number of transactions."""
    wanted = sorted(set(transaction_ids))
    if not wanted:
        return
    at = now(session)
    changed = session.execute(
        update(LedgerTransaction)
        .where(LedgerTransaction.id.in_(wanted), LedgerTransaction.status == "pending")
        .values(
            status=outcome,
            posted_at=at if outcome == "posted" else None,
            archived_at=at if outcome == "archived" else None,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != len(wanted):  # type: ignore[attr-defined]
        raise InvalidState("Only a pending ledger transaction can be posted or archived.")
    entries = session.execute(
        select(LedgerEntry.account_id, LedgerEntry.direction, LedgerEntry.amount).where(
            LedgerEntry.transaction_id.in_(wanted)
        )
    ).all()
    tenant_id, posted = tenant_of(session), outcome == "posted"
    rows = [
        {"t": tenant_id, "account": account, "debit": debit, "credit": credit, "posted": posted}
        for account, debit, credit in _totals_by_account(entries)
    ]
    session.connection().execute(_MOVE_PENDING, rows)


def _move_pending() -> Update:
    """UPDATE of one account: its pending totals less the settled amounts, added to the
    posted totals if the money moved (`posted`), built once."""
    table = cast(Table, LedgerAccount.__table__)
    t = table.c
    debit, credit = bindparam("debit", type_=BigInteger), bindparam("credit", type_=BigInteger)
    posted = bindparam("posted", type_=Boolean)
    return (
        update(table)
        .where(t.tenant_id == bindparam("t"), t.id == bindparam("account"))
        .values(
            pending_debits=t.pending_debits - debit,
            pending_credits=t.pending_credits - credit,
            posted_debits=t.posted_debits + case((posted, debit), else_=0),
            posted_credits=t.posted_credits + case((posted, credit), else_=0),
            lock_version=t.lock_version + 1,
        )
    )


_MOVE_PENDING = _move_pending()


def reverse(
    session: Session,
    transaction_id: str,
    *,
    description: str,
    source: tuple[str, str] | None = None,
) -> str:
    """A posted transaction's mirror image (a correction; entries are never edited). A
    transaction can be reversed at most once (unique `reverses_id`)."""
    txn, entries = get_transaction(session, transaction_id)
    if txn.status != "posted":
        raise InvalidState("Only a posted ledger transaction can be reversed.")
    flipped: dict[str, Direction] = {"debit": "credit", "credit": "debit"}
    return post(
        session,
        lines=[Line(e.account_id, flipped[e.direction], e.amount) for e in entries],
        currency=entries[0].currency,
        description=description,
        idempotency_key=f"reversal:{txn.id}",
        reverses_id=txn.id,
        source=source,
    )


def _totals_by_account(lines: Iterable[Any]) -> list[tuple[str, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        totals[line.account_id][0 if line.direction == "debit" else 1] += line.amount
    return [(account_id, d, c) for account_id, (d, c) in sorted(totals.items())]
