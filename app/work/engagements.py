"""Engagements and the shifts scheduled on them.

Creating an engagement (or adding shifts to one) computes each shift's expected wage and
fee from the pay terms and holds it in the employer's escrow, a hold per shift: without
enough available escrow the call is refused (402 `insufficient_escrow_balance`) and
nothing is created. The scheduling hooks (`hooks.on_shifts_scheduled`: insurance for an
engagement with an insurance product) run in the same transaction. Cancelling an
engagement cancels its scheduled shifts and gives their holds back; shifts in progress are
still clocked out and paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.money import MAX_AMOUNT, Money
from app.core.pagination import Page, Position, paginate
from app.escrow import service as escrow
from app.parties import service as parties
from app.signing import service as signing
from app.tenants import service as tenants
from app.work import hooks, pay
from app.work.errors import EngagementNotActive, ShiftExists, ShiftNotScheduled, invalid_pay
from app.work.models import Engagement, Shift, plain
from app.work.schemas import EngagementSchema, ShiftSchema

events.declare("engagement.created", "An engagement was created. `data.object`: it.")
events.declare("engagement.cancelled", "An engagement was cancelled. `data.object`: it.")
events.declare(
    "shift.scheduled", "A shift was scheduled and its wage held. `data.object`: the shift."
)
events.declare("shift.cancelled", "A scheduled shift was cancelled. `data.object`: it.")
events.declare("shift.no_show", "A scheduled shift's worker did not come. `data.object`: it.")

engagement_view = EngagementSchema()
shift_view = ShiftSchema()


def terms_of(engagement: Engagement) -> pay.Terms:
    rate = Decimal(plain(engagement.rate))
    if engagement.pay_basis == "daily":
        return pay.Daily(rate)
    if engagement.pay_basis == "hourly":
        rounding: Any = engagement.rounding
        return pay.Hourly(rate, rounding, engagement.break_minutes)
    return pay.Piece(rate, engagement.unit or "piece")


def fee_of(engagement: Engagement) -> pay.Fee | None:
    if engagement.fee_type == "fixed" and engagement.fee_amount:
        return pay.FixedFee(Money(engagement.fee_amount, engagement.currency))
    if engagement.fee_type == "percent" and engagement.fee_percent is not None:
        return pay.PercentFee(engagement.fee_percent / 100)
    return None


def create_engagement(
    session: Session,
    *,
    actor: Actor,
    worker_id: str,
    employer_id: str,
    pay: dict[str, Any],
    first_day: dt.date,
    last_day: dt.date,
    currency: str | None = None,
    site: dict[str, Any] | None = None,
    contract_id: str | None = None,
    fee: dict[str, Any] | None = None,
    shifts: Sequence[dict[str, Any]] = (),
    metadata: dict[str, str] | None = None,
    insurance_product_id: str | None = None,
    job_category: str | None = None,
) -> Engagement:
    parties.get_worker(session, worker_id)
    parties.get_employer(session, employer_id)
    if contract_id is not None:
        _check_contract(session, contract_id, worker_id)
    if first_day > last_day:
        raise ValidationFailed(
            "The last day is before the first.",
            errors=[field_error("last_day", "On or after first_day.")],
        )
    engagement = Engagement(
        id=new_id("eng"),
        worker_id=worker_id,
        employer_id=employer_id,
        contract_id=contract_id,
        currency=currency or tenants.settings_of(session).currency,
        pay_basis=pay["basis"],
        rate=Decimal(pay["rate"]),
        rounding=pay.get("rounding", "minute_started") if pay["basis"] == "hourly" else None,
        break_minutes=pay.get("break_minutes", 0) if pay["basis"] == "hourly" else 0,
        unit=pay.get("unit", "piece") if pay["basis"] == "piece" else None,
        fee_type=fee["type"] if fee else None,
        fee_amount=fee.get("amount") if fee else None,
        fee_percent=Decimal(fee["percent"]) if fee and "percent" in fee else None,
        first_day=first_day,
        last_day=last_day,
        site=site,
        status="active",
        metadata_=metadata or {},
        insurance_product_id=insurance_product_id,
        job_category=job_category,
    )
    _check_terms(engagement, pay, fee)
    session.add(engagement)
    session.flush()
    _event(session, actor, "engagement.created", engagement_view.dump(engagement))
    if shifts:
        add_shifts(session, actor=actor, engagement=engagement, plans=shifts, prefix="shifts")
    else:
        hooks.shifts_scheduled(session, actor, engagement, [])
    return engagement


def add_shifts(
    session: Session,
    *,
    actor: Actor,
    engagement: Engagement,
    plans: Sequence[dict[str, Any]],
    prefix: str = "shifts",
) -> list[Shift]:
    """Schedule shifts on an active engagement, each with its expected wage and fee held."""
    if engagement.status != "active":
        raise EngagementNotActive()
    days = [plan["day"] for plan in plans]
    if len(set(days)) != len(days):
        raise ValidationFailed(
            "A worker has one shift a day.",
            errors=[field_error(prefix, "Each day at most once.")],
        )
    taken = session.scalars(
        select(Shift.day).where(
            Shift.worker_id == engagement.worker_id,
            Shift.day.in_(days),
            Shift.status.not_in(("cancelled", "no_show")),
        )
    ).all()
    if taken:
        raise ShiftExists(f"The worker already has a shift on {min(taken).isoformat()}.")
    made = []
    try:  # a shift is flushed by the next one's hold, so the whole loop
        for i, plan in enumerate(plans):
            made.append(_schedule(session, actor, engagement, plan, f"{prefix}.{i}"))
        session.flush()
    except IntegrityError as exc:  # the partial unique index on (worker, day): a race
        raise ShiftExists("The worker already has a shift on one of these days.") from exc
    for shift in made:
        _event(session, actor, "shift.scheduled", shift_view.dump(shift))
    hooks.shifts_scheduled(session, actor, engagement, made)
    return made


def cancel_engagement(session: Session, *, actor: Actor, engagement_id: str) -> Engagement:
    """Cancel the engagement and its scheduled shifts (their holds go back to available
    escrow); shifts in progress are still clocked out and paid."""
    engagement = lock_engagement(session, engagement_id)
    if engagement.status != "active":
        raise EngagementNotActive()
    engagement.status = "cancelled"
    engagement.cancelled_at = clock.now(session)
    scheduled = session.scalars(
        select(Shift)
        .where(Shift.engagement_id == engagement.id, Shift.status == "scheduled")
        .order_by(Shift.id)
        .with_for_update()
    ).all()
    for shift in scheduled:
        end_shift(session, actor=actor, shift=shift, status="cancelled")
    session.flush()
    _event(session, actor, "engagement.cancelled", engagement_view.dump(engagement))
    return engagement


def end_shift(session: Session, *, actor: Actor, shift: Shift, status: str) -> Shift:
    """A scheduled (locked) shift becomes `cancelled` or `no_show`: its hold goes back."""
    if shift.status != "scheduled":
        raise ShiftNotScheduled(f"This shift is {shift.status}.")
    shift.status = status
    escrow.cancel_hold(session, actor=actor, hold_id=shift.hold_id)
    session.flush()
    hooks.shift_ended(session, actor, shift)
    kind = "shift.cancelled" if status == "cancelled" else "shift.no_show"
    _event(session, actor, kind, shift_view.dump(shift))
    return shift


def get_engagement(session: Session, engagement_id: str) -> Engagement:
    found = session.scalars(select(Engagement).where(Engagement.id == engagement_id)).one_or_none()
    if found is None:
        raise NotFound("No such engagement.")
    return found


def lock_engagement(session: Session, engagement_id: str) -> Engagement:
    found = session.scalars(
        select(Engagement)
        .where(Engagement.id == engagement_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such engagement.")
    return found


def list_engagements(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    worker_id: str | None = None,
    employer_id: str | None = None,
    status: str | None = None,
) -> Page[Engagement]:
    stmt = select(Engagement)
    if worker_id:
        stmt = stmt.where(Engagement.worker_id == worker_id)
    if employer_id:
        stmt = stmt.where(Engagement.employer_id == employer_id)
    if status:
        stmt = stmt.where(Engagement.status == status)
    return paginate(session, stmt, Engagement, limit=limit, cursor=cursor)


# --- internals ----------------------------------------------------------------------------


def _check_contract(session: Session, contract_id: str, worker_id: str) -> None:
    contract = signing.get_contract(session, contract_id)
    if ("worker", worker_id) not in {(s.party_type, s.party_id) for s in contract.signers}:
        raise ValidationFailed(
            "The worker is not a signer of this contract.",
            errors=[field_error("contract_id", "A contract the worker signs.")],
        )


_ONLY_FOR = {"rounding": "hourly", "break_minutes": "hourly", "unit": "piece"}


def _check_terms(engagement: Engagement, terms: dict[str, Any], fee: dict[str, Any] | None) -> None:
    misplaced = [f for f, basis in _ONLY_FOR.items() if f in terms and terms["basis"] != basis]
    if misplaced:
        raise ValidationFailed(
            "A field of other pay terms.",
            errors=[field_error(f"pay.{f}", f"Only for {_ONLY_FOR[f]} pay.") for f in misplaced],
        )
    if fee is not None and (
        (fee["type"] == "fixed") != ("amount" in fee)
        or (fee["type"] == "percent") != ("percent" in fee)
    ):
        raise ValidationFailed(
            "A fixed fee has an amount, a percent fee a percent.",
            errors=[field_error("fee", "amount for fixed, percent for percent")],
        )
    try:
        terms_of(engagement)
    except pay.PayError as exc:
        raise invalid_pay(exc, "pay.") from None
    try:
        fee_of(engagement)
    except pay.PayError as exc:  # PercentFee names its `share`: the wire's `percent`
        field = {"share": "percent"}.get(exc.field, exc.field)
        raise invalid_pay(pay.PayError(field, exc.message), "fee.") from None


# The figures `pay.gross` names, as a shift plan names them.
_PLANNED = {"clock_in": "starts_at", "clock_out": "ends_at", "quantity": "expected_quantity"}


def _schedule(
    session: Session, actor: Actor, engagement: Engagement, plan: dict[str, Any], where: str
) -> Shift:
    day = plan["day"]
    if not engagement.first_day <= day <= engagement.last_day:
        raise ValidationFailed(
            "The day is outside the engagement.",
            errors=[field_error(f"{where}.day", "Between first_day and last_day.")],
        )
    starts, ends = plan.get("starts_at"), plan.get("ends_at")
    quantity = plan.get("expected_quantity")
    if engagement.pay_basis == "hourly" and (starts is None or ends is None):
        missing = [name for name in ("starts_at", "ends_at") if plan.get(name) is None]
        raise ValidationFailed(
            "An hourly shift is planned with its start and end.",
            errors=[field_error(f"{where}.{name}", "Required for hourly pay.") for name in missing],
        )
    if engagement.pay_basis == "piece" and quantity is None:
        raise ValidationFailed(
            "A piece-rate shift is planned with its expected quantity.",
            errors=[field_error(f"{where}.expected_quantity", "Required for piece rates.")],
        )
    try:
        day_start, _day_end = clock.day_bounds(session, day)
    except OverflowError:  # 0001-01-01 or 9999-12-31: not a whole day in UTC
        raise ValidationFailed(
            "The day is out of range.", errors=[field_error(f"{where}.day", "Out of range.")]
        ) from None
    begin = starts or day_start
    try:
        expected = pay.gross(
            terms_of(engagement),
            engagement.currency,
            clock_in=begin,
            clock_out=ends or begin + dt.timedelta(hours=1),
            quantity=Decimal(quantity) if quantity is not None else None,
        ).amount
        charge = pay.fee(fee, expected) if (fee := fee_of(engagement)) else None
    except pay.PayError as exc:  # named as the plan names them
        field = _PLANNED.get(exc.field, exc.field)
        raise invalid_pay(pay.PayError(field, exc.message), f"{where}.") from None
    amount = expected.amount + (charge.amount if charge else 0)
    if amount <= 0:
        raise ValidationFailed(
            "The shift's expected pay is zero.",
            errors=[field_error(where, "Plan a shift that pays something.")],
        )
    if amount > MAX_AMOUNT:
        raise ValidationFailed(
            "The shift's expected wage and fee are out of range.",
            errors=[field_error(where, f"Wage and fee at most {MAX_AMOUNT} in all.")],
        )
    shift_id = new_id("shf")
    hold = escrow.create_hold(
        session,
        actor=actor,
        employer_id=engagement.employer_id,
        amount=amount,
        currency=engagement.currency,
        purpose="wages",
        reference=shift_id,
    )
    shift = Shift(
        id=shift_id,
        engagement_id=engagement.id,
        worker_id=engagement.worker_id,
        employer_id=engagement.employer_id,
        day=day,
        starts_at=starts,
        ends_at=ends,
        expected_quantity=Decimal(quantity) if quantity is not None else None,
        expected_amount=amount,
        hold_id=hold.id,
        status="scheduled",
        flags=[],
    )
    session.add(shift)
    return shift


def _event(session: Session, actor: Actor, type: str, data: dict[str, Any]) -> None:
    events.record(session, type=type, data={"object": data}, request_id=actor.request_id)
