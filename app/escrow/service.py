"""Escrow: employers' money, deposited before the work and released to workers after it.

In the ledger (per employer and currency): a deposit moves money from outside into
`employer_escrow` (against `provider_cash`); a hold moves it from `employer_escrow` to
`employer_held`; a release moves it from `employer_held` to the worker's `worker_payable`
(and, when the hold is closed, what is left back to `employer_escrow`); a cancel returns
the rest; a refund sends `employer_escrow` back out. Available escrow = the escrow
account's available balance; held = the held account's; total = both.

Concurrency: a hold or refund debits escrow with the ledger's conditional UPDATE, so 200
concurrent holds on escrow for 100 succeed exactly 100 times; a release or cancel first
locks the hold's row (`SELECT ... FOR UPDATE`), so concurrent ones queue up and each sees
what the previous left: 50 concurrent releases of one hold succeed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import events
from app.core.auth import Actor
from app.core.errors import NotFound, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.escrow import providers
from app.escrow.errors import HoldNotActive, ReleaseExceedsHold
from app.escrow.models import Deposit, Hold, Refund, Release
from app.escrow.schemas import DepositSchema, HoldSchema, RefundSchema, ReleaseSchema
from app.ledger import service as ledger
from app.ledger.service import PLATFORM, Line
from app.parties import service as parties
from app.tenants import service as tenants

# Event types this block records (see docs/webhooks.md for their payloads).
events.declare(
    "escrow.deposit.pending",
    "A deposit awaits the funding provider's answer. `data.object`: the deposit.",
)
events.declare(
    "escrow.deposit.succeeded",
    "A deposit succeeded: the money is available escrow. `data.object`: the deposit.",
)
events.declare(
    "escrow.deposit.failed",
    "A deposit failed (`failure_code`); nothing moved. `data.object`: the deposit.",
)
events.declare(
    "escrow.hold.created",
    "Escrow was reserved by a hold. `data.object`: the hold.",
)
events.declare(
    "escrow.hold.released",
    "A hold was released, fully or partly, into a worker's payable. `data.object`: the release.",
)
events.declare(
    "escrow.hold.cancelled",
    "A hold was cancelled; what remained is available again. `data.object`: the hold.",
)
events.declare(
    "escrow.refund.succeeded",
    "Available escrow was refunded to the employer. `data.object`: the refund.",
)

# Ledger accounts this block books to (per employer, or per worker, and currency).
EMPLOYER_ESCROW = ledger.declare_kind("employer_escrow", normal="credit", owner="employer")
EMPLOYER_HELD = ledger.declare_kind("employer_held", normal="credit", owner="employer")
WORKER_PAYABLE = ledger.declare_kind("worker_payable", normal="credit", owner="worker")

OPEN = ("active", "partially_released")
_deposit_view, _hold_view = DepositSchema(), HoldSchema()
_release_view, _refund_view = ReleaseSchema(), RefundSchema()


def _accounts(session: Session, employer_id: str, currency: str) -> tuple[str, str, str]:
    """(escrow, held, provider cash) account ids."""
    return (
        ledger.account(session, kind="employer_escrow", owner_id=employer_id, currency=currency).id,
        ledger.account(session, kind="employer_held", owner_id=employer_id, currency=currency).id,
        ledger.account(session, kind="provider_cash", owner_id=PLATFORM, currency=currency).id,
    )


def _event(session: Session, actor: Actor, type: str, data: dict[str, Any]) -> None:
    events.record(session, type=type, data={"object": data}, request_id=actor.request_id)


# --- deposits -------------------------------------------------------------------------------


def create_deposit(
    session: Session, *, actor: Actor, employer_id: str, amount: int, currency: str
) -> Deposit:
    parties.get_employer(session, employer_id)  # 404 for another tenant's employer
    provider = providers.get()
    deposit = Deposit(
        id=new_id("dep"),
        employer_id=employer_id,
        amount=amount,
        currency=currency,
        status="pending",
        provider=provider.name,
    )
    session.add(deposit)
    session.flush()
    result = provider.charge(deposit_id=deposit.id, amount=amount, currency=currency)
    deposit.provider_reference = result.reference
    _apply_funding(session, actor, deposit, result)
    return deposit


def _apply_funding(
    session: Session, actor: Actor, deposit: Deposit, result: providers.FundingResult
) -> None:
    if result.status == "pending":
        _event(session, actor, "escrow.deposit.pending", _deposit_view.dump(deposit))
        return
    moved = session.execute(
        update(Deposit)
        .where(Deposit.id == deposit.id, Deposit.status == "pending")
        .values(status=result.status, failure_code=result.failure_code)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return  # somebody else settled it first
    if result.status == "succeeded":
        escrow, _held, cash = _accounts(session, deposit.employer_id, deposit.currency)
        deposit.ledger_transaction_id = ledger.post(
            session,
            lines=[Line(cash, "debit", deposit.amount), Line(escrow, "credit", deposit.amount)],
            currency=deposit.currency,
            description="escrow deposit",
            idempotency_key=f"deposit:{deposit.id}",
            source=("escrow_deposit", deposit.id),
        )
    session.flush()
    session.refresh(deposit)
    _event(session, actor, f"escrow.deposit.{result.status}", _deposit_view.dump(deposit))


def refresh_pending_deposits(session: Session, *, actor: Actor) -> int:
    """Ask the provider about every pending deposit (periodic); returns how many settled."""
    provider = providers.get()
    settled = 0
    for deposit in session.scalars(select(Deposit).where(Deposit.status == "pending")):
        result = provider.status(
            deposit_id=deposit.id, amount=deposit.amount, created_at=deposit.created_at
        )
        if result.status != "pending":
            _apply_funding(session, actor, deposit, result)
            settled += 1
    return settled


def get_deposit(session: Session, deposit_id: str) -> Deposit:
    return _get(session, Deposit, deposit_id, "deposit")


def list_deposits(
    session: Session, *, limit: int, cursor: Position | None = None, employer_id: str | None = None
) -> Page[Deposit]:
    stmt = select(Deposit)
    if employer_id:
        stmt = stmt.where(Deposit.employer_id == employer_id)
    return paginate(session, stmt, Deposit, limit=limit, cursor=cursor)


# --- holds ----------------------------------------------------------------------------------


def create_hold(
    session: Session,
    *,
    actor: Actor,
    employer_id: str,
    amount: int,
    currency: str,
    purpose: str,
    reference: str | None = None,
) -> Hold:
    """Reserve `amount` of the employer's available escrow, all of it or nothing."""
    parties.get_employer(session, employer_id)
    escrow, held, _cash = _accounts(session, employer_id, currency)
    hold_id = new_id("hld")
    txn = ledger.post(
        session,
        lines=[Line(escrow, "debit", amount), Line(held, "credit", amount)],
        currency=currency,
        description=f"hold for {purpose}",
        source=("escrow_hold", hold_id),
        insufficient_code="insufficient_escrow_balance",
    )
    hold = Hold(
        id=hold_id,
        employer_id=employer_id,
        amount=amount,
        released_amount=0,
        returned_amount=0,
        currency=currency,
        status="active",
        purpose=purpose,
        reference=reference,
        ledger_transaction_id=txn,
    )
    session.add(hold)
    session.flush()
    _event(session, actor, "escrow.hold.created", _hold_view.dump(hold))
    return hold


def release_hold(
    session: Session,
    *,
    actor: Actor,
    hold_id: str,
    worker_id: str,
    amount: int | None = None,
    keep_remainder_held: bool = False,
) -> Release:
    """Pay `amount` (default: all that remains) of a hold into the worker's payable. Unless
    `keep_remainder_held`, the hold is then closed and what remains goes back to available."""
    parties.get_worker(session, worker_id)
    hold = _lock_open_hold(session, hold_id)
    amount = hold.remaining if amount is None else amount
    if amount > hold.remaining:
        raise ReleaseExceedsHold(
            f"Only {hold.remaining} remains on this hold; cannot release {amount}.",
            errors=[field_error("amount", f"At most {hold.remaining}.")],
        )
    returned = 0 if keep_remainder_held else hold.remaining - amount
    hold.released_amount += amount
    hold.returned_amount += returned
    hold.status = "partially_released" if hold.remaining else "released"
    escrow, held, _cash = _accounts(session, hold.employer_id, hold.currency)
    payable = ledger.account(
        session, kind="worker_payable", owner_id=worker_id, currency=hold.currency
    ).id
    release_id = new_id("rel")
    lines = [Line(held, "debit", amount + returned), Line(payable, "credit", amount)]
    if returned:
        lines.append(Line(escrow, "credit", returned))
    txn = ledger.post(
        session,
        lines=lines,
        currency=hold.currency,
        description=f"release of {hold.purpose} hold",
        source=("escrow_release", release_id),
    )
    release = Release(
        id=release_id,
        hold_id=hold_id,
        worker_id=worker_id,
        amount=amount,
        returned_amount=returned,
        currency=hold.currency,
        ledger_transaction_id=txn,
    )
    session.add(release)
    session.flush()
    _event(session, actor, "escrow.hold.released", _release_view.dump(release))
    return release


def cancel_hold(session: Session, *, actor: Actor, hold_id: str) -> Hold:
    """Give everything that remains on the hold back to available escrow."""
    hold = _lock_open_hold(session, hold_id)
    remaining = hold.remaining
    hold.returned_amount += remaining
    hold.status = "cancelled"
    escrow, held, _cash = _accounts(session, hold.employer_id, hold.currency)
    if remaining:
        ledger.post(
            session,
            lines=[Line(held, "debit", remaining), Line(escrow, "credit", remaining)],
            currency=hold.currency,
            description=f"cancel of {hold.purpose} hold",
            source=("escrow_hold", hold.id),
            idempotency_key=f"hold-cancel:{hold.id}",
        )
    session.flush()
    _event(session, actor, "escrow.hold.cancelled", _hold_view.dump(hold))
    return hold


def _lock_open_hold(session: Session, hold_id: str) -> Hold:
    """The hold, row-locked until commit (so concurrent releases and cancels queue up and
    each sees what the previous one left), or 409 `hold_not_active` if it is closed."""
    hold = session.scalars(
        select(Hold)
        .where(Hold.id == hold_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if hold is None:
        raise NotFound("No such hold.")
    if hold.status not in OPEN or hold.remaining <= 0:
        raise HoldNotActive(f"This hold is {hold.status}; nothing remains on it.")
    return hold


def get_hold(session: Session, hold_id: str) -> Hold:
    return _get(session, Hold, hold_id, "hold")


def list_holds(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    employer_id: str | None = None,
    status: str | None = None,
) -> Page[Hold]:
    stmt = select(Hold)
    if employer_id:
        stmt = stmt.where(Hold.employer_id == employer_id)
    if status:
        stmt = stmt.where(Hold.status == status)
    return paginate(session, stmt, Hold, limit=limit, cursor=cursor)


# --- refunds and balances -------------------------------------------------------------------


def create_refund(
    session: Session, *, actor: Actor, employer_id: str, amount: int, currency: str
) -> Refund:
    """Send unused escrow back to the employer: all of `amount`, or nothing."""
    parties.get_employer(session, employer_id)
    escrow, _held, cash = _accounts(session, employer_id, currency)
    refund_id = new_id("rfd")
    txn = ledger.post(
        session,
        lines=[Line(escrow, "debit", amount), Line(cash, "credit", amount)],
        currency=currency,
        description="escrow refund",
        source=("escrow_refund", refund_id),
        insufficient_code="insufficient_escrow_balance",
    )
    result = providers.get().refund(refund_id=refund_id, amount=amount, currency=currency)
    refund = Refund(
        id=refund_id,
        employer_id=employer_id,
        amount=amount,
        currency=currency,
        status=result.status,
        provider_reference=result.reference,
        ledger_transaction_id=txn,
    )
    session.add(refund)
    session.flush()
    _event(session, actor, "escrow.refund.succeeded", _refund_view.dump(refund))
    return refund


def get_refund(session: Session, refund_id: str) -> Refund:
    return _get(session, Refund, refund_id, "refund")


@dataclass(frozen=True)
class EscrowBalance:
    employer_id: str
    currency: str
    available: int
    held: int

    @property
    def total(self) -> int:
        return self.available + self.held


def balance(session: Session, *, employer_id: str, currency: str | None = None) -> EscrowBalance:
    parties.get_employer(session, employer_id)
    currency = currency or tenants.get_current(session).currency
    amounts = {}
    for kind in ("employer_escrow", "employer_held"):
        page = ledger.list_accounts(
            session, limit=1, kind=kind, owner_id=employer_id, currency=currency
        )
        amounts[kind] = ledger.balances(page.data[0]).available if page.data else 0
    return EscrowBalance(
        employer_id, currency, amounts["employer_escrow"], amounts["employer_held"]
    )


def _get(session: Session, model: Any, object_id: str, name: str) -> Any:
    found = session.scalars(select(model).where(model.id == object_id)).one_or_none()
    if found is None:
        raise NotFound(f"No such {name}.")
    return found
