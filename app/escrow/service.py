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
what the previous left: 50 concurrent releases of one hold succeed once. Releases, one or
a batch (`release_holds`), are in `releases.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.escrow import providers
from app.escrow.accounts import (
    EMPLOYER_ESCROW,
    EMPLOYER_HELD,
    employer_accounts,
)
from app.escrow.accounts import WORKER_PAYABLE as WORKER_PAYABLE
from app.escrow.accounts import employer_keys as employer_keys
from app.escrow.errors import InsufficientEscrowBalance
from app.escrow.models import Deposit, Hold, Refund
from app.escrow.releases import PreparedReleases as PreparedReleases
from app.escrow.releases import ReleaseItem as ReleaseItem  # releases: see releases.py
from app.escrow.releases import Split as Split
from app.escrow.releases import finish_releases as finish_releases
from app.escrow.releases import lock_open_holds
from app.escrow.releases import prepare_releases as prepare_releases
from app.escrow.releases import release_hold as release_hold
from app.escrow.releases import release_holds as release_holds
from app.escrow.schemas import DepositSchema, HoldSchema, RefundSchema
from app.ledger import service as ledger
from app.ledger.service import Line
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

_deposit_view, _hold_view = DepositSchema(), HoldSchema()
_refund_view = RefundSchema()


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
        escrow, _held, cash = employer_accounts(session, deposit.employer_id, deposit.currency)
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
            deposit_id=deposit.id,
            amount=deposit.amount,
            created_at=deposit.created_at,
            as_of=clock.now(session),
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
    if ledger.known_account_ids(session, employer_keys(employer_id, currency)) is None:
        parties.get_employer(session, employer_id)  # else known to exist: see employer_keys
    escrow, held, _cash = employer_accounts(session, employer_id, currency)
    hold_id = new_id("hld")
    txn = ledger.post(
        session,
        lines=[Line(escrow, "debit", amount), Line(held, "credit", amount)],
        currency=currency,
        description=f"hold for {purpose}",
        source=("escrow_hold", hold_id),
        insufficient_code=InsufficientEscrowBalance.code,
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


def cancel_hold(session: Session, *, actor: Actor, hold_id: str) -> Hold:
    """Give everything that remains on the hold back to available escrow."""
    hold = lock_open_holds(session, [hold_id])[hold_id]
    remaining = hold.remaining
    hold.returned_amount += remaining
    hold.status = "cancelled"
    escrow, held, _cash = employer_accounts(session, hold.employer_id, hold.currency)
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
    escrow, _held, cash = employer_accounts(session, employer_id, currency)
    refund_id = new_id("rfd")
    txn = ledger.post(
        session,
        lines=[Line(escrow, "debit", amount), Line(cash, "credit", amount)],
        currency=currency,
        description="escrow refund",
        source=("escrow_refund", refund_id),
        insufficient_code=InsufficientEscrowBalance.code,
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
    for kind in (EMPLOYER_ESCROW, EMPLOYER_HELD):
        page = ledger.list_accounts(
            session, limit=1, kind=kind, owner_id=employer_id, currency=currency
        )
        amounts[kind] = ledger.balances(page.data[0]).available if page.data else 0
    return EscrowBalance(employer_id, currency, amounts[EMPLOYER_ESCROW], amounts[EMPLOYER_HELD])


def _get(session: Session, model: Any, object_id: str, name: str) -> Any:
    found = session.scalars(select(model).where(model.id == object_id)).one_or_none()
    if found is None:
        raise NotFound(f"No such {name}.")
    return found
