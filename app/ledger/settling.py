"""After posting: a pending transaction settles once (`posted` or `archived`), a posted one
is corrected only by its mirror image (a reversal, at most once)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.errors import InvalidState
from app.core.time import now
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.ledger.posting import Direction, Line, post
from app.ledger.queries import get_transaction


def settle_pending(
    session: Session, transaction_id: str, *, outcome: Literal["posted", "archived"]
) -> LedgerTransaction:
    """`pending -> posted` (the money moved) or `pending -> archived` (it did not: the
    pending entries stop counting, so what they reserved is available again)."""
    at = now(session)
    changed = session.execute(
        update(LedgerTransaction)
        .where(LedgerTransaction.id == transaction_id, LedgerTransaction.status == "pending")
        .values(
            status=outcome,
            posted_at=at if outcome == "posted" else None,
            archived_at=at if outcome == "archived" else None,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidState("Only a pending ledger transaction can be posted or archived.")
    txn, entries = get_transaction(session, transaction_id)
    for account_id, debit, credit in _totals_by_account(entries):
        moved = {
            "pending_debits": LedgerAccount.pending_debits - debit,
            "pending_credits": LedgerAccount.pending_credits - credit,
        }
        if outcome == "posted":
            moved |= {
                "posted_debits": LedgerAccount.posted_debits + debit,
                "posted_credits": LedgerAccount.posted_credits + credit,
            }
        session.execute(
            update(LedgerAccount)
            .where(LedgerAccount.id == account_id)
            .values(**moved, lock_version=LedgerAccount.lock_version + 1)
            .execution_options(synchronize_session=False)
        )
    session.refresh(txn)
    return txn


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


def _totals_by_account(lines: Iterable[Line | LedgerEntry]) -> list[tuple[str, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        totals[line.account_id][0 if line.direction == "debit" else 1] += line.amount
    return [(account_id, d, c) for account_id, (d, c) in sorted(totals.items())]
