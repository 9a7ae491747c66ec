"""Payouts: a worker's payable, sent to their wallet or bank account.

Money: creating a payout writes a *pending* ledger transaction from the worker's payable to
`provider_cash`, so the money cannot be paid out twice while it travels. Paid: the
transaction is posted. Failed: it is archived, and the money is available in the payable
again. Returned by the bank after being paid: a reversal puts it back in the payable.

Exactly once: the provider is called with the key `<payout id>:<generation>` and must be
idempotent on it; a job that crashed mid-call and runs again sends the same key. The
generation changes only when a retry starts after a definite failure (nothing was paid),
and a retry is a conditional `failed -> pending` update, so concurrent retries start one.
Sending runs after commit, in a job that holds no transaction while it talks to the
provider, then applies the answer under the payout's row lock if the payout still awaits
that answer (same generation, not yet paid or failed).

Destination: the payout pays the account recorded on it (`destinations`), never the
worker's account as it is when the job runs; a retry pays the same one unless asked to
refresh it. Every attempt, its destination and its outcome, is a `PayoutAttempt` row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.core import bulk, jobs
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import InvalidState, NotFound
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.ledger import service as ledger
from app.ledger.errors import InsufficientBalance
from app.ledger.service import PLATFORM, PROVIDER_CASH, Line
from app.payouts import destinations, outcomes, providers, sending
from app.payouts.errors import (
    DestinationUnavailable,
    InsufficientPayableBalance,
    PayoutSourceConflict,
)
from app.payouts.models import Payout, PayoutAttempt

# Payouts are paid from the worker's payable (the escrow block credits it at release).
WORKER_PAYABLE = ledger.declare_kind("worker_payable", normal="credit", owner="worker")

STUCK_AFTER = dt.timedelta(minutes=2)  # a pending payout whose job seems lost
RETURN_WINDOW = dt.timedelta(days=30)  # how long a paid payout is watched for a return


def _postings(session: Session, payouts: list[Payout]) -> list[ledger.Posting]:
    """Reserve each payout's amount in the worker's payable: pending transactions, keyed on
    the payout's attempt so a retried job cannot post twice (402
    `insufficient_payable_balance`)."""
    keys = [(p.currency, p.worker_id) for p in payouts]
    accounts = ledger.account_ids(
        session,
        [(WORKER_PAYABLE, w, c) for c, w in keys] + [(PROVIDER_CASH, PLATFORM, c) for c, _ in keys],
    )
    return [
        ledger.Posting(
            [
                Line(accounts[(WORKER_PAYABLE, p.worker_id, p.currency)], "debit", p.amount),
                Line(accounts[(PROVIDER_CASH, PLATFORM, p.currency)], "credit", p.amount),
            ],
            p.currency,
            "payout",
            status="pending",
            source=("payout", p.id),
            idempotency_key=f"payout:{p.provider_key}",
            insufficient_code=InsufficientPayableBalance.code,
        )
        for p in payouts
    ]


def _pending(session: Session, payouts: list[Payout]) -> list[str]:
    """The payouts' pending transactions (`_postings`), posted: one `ledger.post_many`."""
    code = InsufficientPayableBalance.code
    return ledger.post_many(session, _postings(session, payouts), insufficient_code=code)


@dataclass(frozen=True)
class PayoutItem:
    """Pay `amount` of the worker's payable; `source` (e.g. `("settlement", stl_...)`) names
    what it pays, at most one payout each."""

    worker_id: str
    amount: int
    currency: str
    source: tuple[str, str] | None = None


@dataclass
class PreparedPayouts:
    """`create_payouts` up to its ledger postings, which the caller posts (maybe with
    others' in one `ledger.post_many`, then `refuse_if_raced` if that is refused) before
    `finish_payouts`: the payouts are built, nothing written."""

    items: list[PayoutItem]
    done: dict[Any, Payout]
    todo: list[PayoutItem]
    payouts: list[Payout]
    postings: list[ledger.Posting]


def create_payouts(session: Session, *, actor: Actor, items: Sequence[PayoutItem]) -> list[Payout]:
    """Create every payout, all or nothing (402 `insufficient_payable_balance`), in the
    items' order; each is sent after commit to the worker's payout account as it is now
    (recorded on the payout). An item whose `source` was paid before returns that payout; if
    a concurrent run makes it meanwhile, 409 `payout_source_conflict` (nothing written)."""
    prepared = prepare_payouts(session, items=items)
    try:
        code = InsufficientPayableBalance.code
        transactions = ledger.post_many(session, prepared.postings, insufficient_code=code)
    except InsufficientBalance:
        refuse_if_raced(session, prepared)  # the money went to the same payouts, made meanwhile
        raise
    return finish_payouts(session, actor=actor, prepared=prepared, transactions=transactions)


def prepare_payouts(session: Session, *, items: Sequence[PayoutItem]) -> PreparedPayouts:
    """The payouts to make (their destinations recorded) and their pending postings."""
    items = list(items)
    sources = [i.source for i in items if i.source is not None]
    if len(set(sources)) != len(sources):
        raise PayoutSourceConflict("A source appears twice in the batch.")
    done = _paid_sources(session, sources)
    todo = [i for i in items if i.source not in done]
    where = destinations.of_workers(session, {i.worker_id for i in todo}) if todo else {}
    payouts = []
    for item in todo:
        payout = Payout(
            id=new_id("po"),
            worker_id=item.worker_id,
            amount=item.amount,
            currency=item.currency,
            status="pending",
            generation=1,
            provider="sandbox",
            source_type=item.source[0] if item.source else None,
            source_id=item.source[1] if item.source else None,
        )
        destinations.record(session, payout, where[item.worker_id])
        payouts.append(payout)
    postings = _postings(session, payouts) if payouts else []
    return PreparedPayouts(items, done, todo, payouts, postings)


def finish_payouts(
    session: Session, *, actor: Actor, prepared: PreparedPayouts, transactions: Sequence[str]
) -> list[Payout]:
    """Write the prepared payouts, their postings' `transactions` posted (409 if a
    concurrent run made them meanwhile), their first attempts and events, and enqueue their
    sending; the payouts in the items' order."""
    refuse_if_raced(session, prepared)
    payouts = prepared.payouts
    for payout, txn in zip(payouts, transactions, strict=True):
        payout.ledger_transaction_id = txn
    attempts = [_attempt(p, refreshed=False) for p in payouts]
    bulk.insert_all(session, [*payouts, *attempts])
    for payout, attempt in zip(payouts, attempts, strict=True):
        set_committed_value(payout, "attempts", [attempt])  # no query per payout
        outcomes.event(session, actor, "payout.created", payout)
    if len(payouts) == 1:
        jobs.enqueue(session, send_payout, payout_id=payouts[0].id)
    elif payouts:  # one job for the batch, not one per payout
        jobs.enqueue(session, sending.send_payouts, payout_ids=[p.id for p in payouts])
    made = iter(payouts)
    done = prepared.done
    return [done[i.source] if i.source in done else next(made) for i in prepared.items]


def create_payout(
    session: Session,
    *,
    actor: Actor,
    worker_id: str,
    amount: int,
    currency: str,
    source: tuple[str, str] | None = None,
) -> Payout:
    """One payout: a batch of one (see `create_payouts`)."""
    item = PayoutItem(worker_id, amount, currency, source)
    return create_payouts(session, actor=actor, items=[item])[0]


def refuse_if_raced(session: Session, prepared: PreparedPayouts) -> None:
    """409 if a concurrent run committed payouts for these sources while the payables' row
    locks made this one wait (the whole unit of work then rolls back)."""
    if _paid_sources(session, [s for i in prepared.todo if (s := i.source) is not None]):
        raise PayoutSourceConflict("Another request created these payouts.")


def _paid_sources(session: Session, sources: list[tuple[str, str]]) -> dict[Any, Payout]:
    if not sources:
        return {}
    key = tuple_(Payout.source_type, Payout.source_id)
    found = session.scalars(select(Payout).where(key.in_(sources)))
    return {(p.source_type, p.source_id): p for p in found}


def retry_payout(
    session: Session, *, actor: Actor, payout_id: str, refresh_destination: bool = False
) -> Payout:
    """Start a new attempt of a failed payout (a new generation). Only one of any number of
    concurrent retries gets past the conditional update; the others get 409.

    The attempt pays the destination recorded on the payout, unless `refresh_destination`
    asks for the worker's payout account as it is now (which is then recorded instead).
    Without a destination to pay, nothing is written: 422 `payout_account_missing` (refresh,
    the worker has no account) or `destination_unavailable` (no refresh, and the payout
    records no usable destination)."""
    payout = get_payout(session, payout_id)
    if payout.status != "failed":
        raise InvalidState("Only a failed payout can be retried.")
    fresh = None
    if refresh_destination:
        fresh = destinations.of_worker(session, payout.worker_id)
    elif destinations.reveal(session, payout) is None:
        raise DestinationUnavailable()
    moved = session.execute(
        update(Payout)
        .where(Payout.id == payout_id, Payout.status == "failed")
        .values(status="pending", generation=Payout.generation + 1, failure_code=None)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidState("Only a failed payout can be retried.")
    session.expire_all()
    payout = get_payout(session, payout_id)
    if fresh is not None:
        destinations.record(session, payout, fresh)
    payout.provider_reference = payout.failed_at = None
    payout.ledger_transaction_id = _pending(session, [payout])[0]
    session.flush()
    _start_attempt(session, payout, refreshed=refresh_destination)
    outcomes.event(session, actor, "payout.retried", payout)
    jobs.enqueue(session, send_payout, payout_id=payout.id)
    return payout


def _start_attempt(session: Session, payout: Payout, *, refreshed: bool) -> None:
    """Record the attempt the payout is starting (its generation) and where it goes."""
    session.add(_attempt(payout, refreshed=refreshed))
    session.flush()
    session.expire(payout, ["attempts"])


def _attempt(payout: Payout, *, refreshed: bool) -> PayoutAttempt:
    return PayoutAttempt(
        id=new_id("poa"),
        payout_id=payout.id,
        number=payout.generation,
        destination_kind=payout.destination_kind,
        destination_provider=payout.destination_provider,
        destination_masked=payout.destination_masked,
        destination_refreshed=refreshed,
        ledger_transaction_id=payout.ledger_transaction_id,
    )


# --- jobs ------------------------------------------------------------------------------------


@jobs.job("money", outside=True)
def send_payout(units: jobs.UnitsOfWork, *, payout_id: str) -> str:
    """Job: send a pending payout to the provider and record the outcome. Safe to run any
    number of times, also concurrently: the provider is idempotent on the key, and the
    outcome is applied under the row lock only if the payout still awaits it. The provider
    is called with no unit of work open (no lock or snapshot held while it works). Payouts
    created together are sent by one `sending.send_payouts` job instead."""
    status = sending.send(units, [payout_id])[payout_id]
    if status == "missing":
        raise NotFound("No such payout.")
    return status


def reconcile(units: jobs.UnitsOfWork) -> int:
    """Periodic task: settle payouts stuck in processing (or pending with no job) by asking
    the provider, and record returns of paid payouts. Returns how many changed. Reads in
    one unit of work, asks the provider with none open, applies the answers in another."""
    with units() as session:
        now = clock.now(session)
        candidates = session.execute(
            select(Payout.id, Payout.generation, Payout.status).where(
                (Payout.status == "processing")
                | ((Payout.status == "pending") & (Payout.updated_at < now - STUCK_AFTER))
                | ((Payout.status == "paid") & (Payout.paid_at >= now - RETURN_WINDOW))
            )
        ).all()
    keys = {row.id: f"{row.id}:{row.generation}" for row in candidates}
    answers = providers.for_units(units).statuses(keys=list(keys.values()))
    changed = 0
    with units() as session:
        for row in candidates:
            key, result = keys[row.id], answers[keys[row.id]]
            if row.status in ("pending", "processing") and result.status == "unknown":
                # its job was lost, or the request never reached the provider: send again
                # (the same key, so a transfer that did happen is not made twice)
                jobs.enqueue(session, send_payout, payout_id=row.id)
                continue
            if row.status == result.status == "paid":
                continue  # nothing new: most of the return window, every minute
            if outcomes.apply_if_current(session, row.id, key, result) != row.status:
                changed += 1
    return changed


# --- reading ---------------------------------------------------------------------------------


def statuses(session: Session, payout_ids: Iterable[str]) -> dict[str, str]:
    """The payouts' statuses by id (those that exist), in one query."""
    wanted = list(set(payout_ids))
    if not wanted:
        return {}
    rows = session.execute(select(Payout.id, Payout.status).where(Payout.id.in_(wanted)))
    return {row.id: row.status for row in rows}


def get_payout(session: Session, payout_id: str) -> Payout:
    found = session.scalars(select(Payout).where(Payout.id == payout_id)).one_or_none()
    if found is None:
        raise NotFound("No such payout.")
    return found


def list_payouts(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    worker_id: str | None = None,
    status: str | None = None,
) -> Page[Payout]:
    stmt = select(Payout)
    if worker_id:
        stmt = stmt.where(Payout.worker_id == worker_id)
    if status:
        stmt = stmt.where(Payout.status == status)
    return paginate(session, stmt, Payout, limit=limit, cursor=cursor)


def paid_amounts(session: Session, payout_ids: Iterable[str]) -> dict[str, int]:
    """The amounts of those of these payouts that are paid, by id, in one query."""
    wanted = list(set(payout_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Payout.id, Payout.amount).where(Payout.id.in_(wanted), Payout.status == "paid")
    )
    return {row.id: row.amount for row in rows}
