"""A provider's answer applied to a payout, under the payout's row lock: the ledger settled
or reversed, the attempt's history completed, the event recorded (`payout.processing`,
`.paid`, `.failed`, `.returned`). Also the block's event types, and `event()` for the
others (`payout.created`, `.retried`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.ledger import service as ledger
from app.payouts import providers
from app.payouts.models import Payout
from app.payouts.schemas import PayoutSchema

# Event types this block records (see docs/webhooks.md for their payloads).
events.declare(
    "payout.created",
    "A payout was created; the money is reserved and about to be sent. `data.object`: the payout.",
)
events.declare(
    "payout.retried",
    "A failed payout started a new attempt. `data.object`: the payout (its `attempts` name "
    "each attempt's destination).",
)
events.declare(
    "payout.processing",
    "The provider did not answer in time; the outcome is not known yet. `data.object`: the payout.",
)
events.declare(
    "payout.paid",
    "The provider confirmed the payout. `data.object`: the payout.",
)
events.declare(
    "payout.failed",
    "The provider refused the payout (`failure_code`); the money is back in the payable. "
    "`data.object`: the payout.",
)
events.declare(
    "payout.returned",
    "A paid payout came back from the bank; the money is back in the payable. "
    "`data.object`: the payout.",
)

SYSTEM = Actor("system", None)
_view = PayoutSchema()


def event(session: Session, actor: Actor, type: str, payout: Payout) -> None:
    events.record(
        session, type=type, data={"object": _view.dump(payout)}, request_id=actor.request_id
    )


def apply_if_current(
    session: Session, payout_id: str, key: str, result: providers.PayoutResult
) -> str:
    payout = _lock(session, payout_id)
    if payout is None:
        return "missing"
    if payout.provider_key != key:  # a retry started a new generation meanwhile
        return payout.status
    return _apply(session, payout, result)


def _lock(session: Session, payout_id: str) -> Payout | None:
    return session.scalars(
        select(Payout).where(Payout.id == payout_id).with_for_update()
    ).one_or_none()


def _apply(session: Session, payout: Payout, result: providers.PayoutResult) -> str:
    now = clock.now(session)
    if result.reference:
        payout.provider_reference = result.reference
    if result.status == "unknown":
        if payout.status == "pending":
            payout.status = "processing"
            event(session, SYSTEM, "payout.processing", payout)
    elif result.status == "paid" and payout.status in ("pending", "processing"):
        ledger.settle_pending(session, payout.ledger_transaction_id, outcome="posted")
        payout.status, payout.paid_at = "paid", now
        _end_attempt(payout, now)
        event(session, SYSTEM, "payout.paid", payout)
    elif result.status == "failed" and payout.status in ("pending", "processing"):
        ledger.settle_pending(session, payout.ledger_transaction_id, outcome="archived")
        payout.status, payout.failed_at, payout.failure_code = "failed", now, result.failure_code
        _end_attempt(payout, now)
        event(session, SYSTEM, "payout.failed", payout)
    elif result.status == "returned" and payout.status in ("pending", "processing", "paid"):
        if payout.status != "paid":
            ledger.settle_pending(session, payout.ledger_transaction_id, outcome="posted")
        payout.return_transaction_id = ledger.reverse(
            session,
            payout.ledger_transaction_id,
            description="payout returned",
            source=("payout", payout.id),
        )
        payout.status, payout.returned_at = "returned", now
        _end_attempt(payout, now)
        event(session, SYSTEM, "payout.returned", payout)
    session.flush()
    return payout.status


def _end_attempt(payout: Payout, now: dt.datetime) -> None:
    """Copy the current attempt's outcome into its history row (absent for attempts started
    before attempts were recorded). A return keeps the time it was paid as `ended_at`."""
    attempt = next((a for a in payout.attempts if a.number == payout.generation), None)
    if attempt is None:
        return
    attempt.outcome = payout.status
    attempt.provider_reference = payout.provider_reference
    attempt.failure_code = payout.failure_code
    attempt.ended_at = attempt.ended_at or now
