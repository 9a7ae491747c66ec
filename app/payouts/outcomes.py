"""A provider's answer applied to a payout, under the payout's row lock: the ledger settled
or reversed, the attempt's history completed, the event recorded (`payout.processing`,
`.paid`, `.failed`, `.returned`). Also the block's event types, and `event()` for the
others (`payout.created`, `.retried`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core import events, metrics
from app.core import time as clock
from app.core.auth import Actor
from app.core.db import after_commit
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


def apply_many(
    session: Session, answers: Sequence[tuple[str, str, providers.PayoutResult]]
) -> dict[str, str]:
    """`apply_if_current` for many payouts (id, key, answer), in a few statements whatever
    their number: the payouts locked in id order by one SELECT (their attempts loaded by
    one more), the ledger transactions of those paid settled together and of those failed
    together, the events written by one flush. Returns each payout's status."""
    wanted = {payout_id: (key, result) for payout_id, key, result in answers}
    locked = session.scalars(
        select(Payout)
        .where(Payout.id.in_(sorted(wanted)))
        .order_by(Payout.id)
        .with_for_update()
        .options(selectinload(Payout.attempts))
    ).all()
    statuses = dict.fromkeys(wanted, "missing")
    settled: dict[str, list[Payout]] = {"paid": [], "failed": []}
    for payout in locked:
        key, result = wanted[payout.id]
        if payout.provider_key != key:  # a retry started a new generation meanwhile
            statuses[payout.id] = payout.status
        elif result.status in settled and payout.status in ("pending", "processing"):
            settled[result.status].append(payout)
        else:
            statuses[payout.id] = _apply(session, payout, result)
    now = clock.now(session)
    moves: tuple[tuple[str, Literal["posted", "archived"]], ...] = (
        ("paid", "posted"),
        ("failed", "archived"),
    )
    for outcome, ledger_outcome in moves:
        done = settled[outcome]
        ledger.settle_pending_many(
            session, [p.ledger_transaction_id for p in done], outcome=ledger_outcome
        )
        for payout in done:
            result = wanted[payout.id][1]
            payout.provider_reference = result.reference or payout.provider_reference
            payout.status = outcome
            if outcome == "paid":
                payout.paid_at = now
                _observe_lag(session, payout)
            else:
                payout.failed_at, payout.failure_code = now, result.failure_code
            _end_attempt(payout, now)
            event(session, SYSTEM, f"payout.{outcome}", payout)
            statuses[payout.id] = outcome
    session.flush()
    return statuses


def _observe_lag(session: Session, paid: Payout) -> None:
    """`gigkit_settlement_lag_seconds`: the payout's creation (its clock-out) to paid."""
    lag = (paid.created_at, paid.paid_at)
    after_commit(session, lambda: metrics.observe_lag(metrics.SETTLEMENT_LAG, *lag))


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
        _observe_lag(session, payout)
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
