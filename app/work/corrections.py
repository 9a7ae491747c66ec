"""Correcting a settled shift's pay: a new payslip that replaces the one it corrects.

A payslip never changes. When a shift was underpaid (the clock-out was recorded late, a
piece count was short), `correct_payslip` measures the shift again with the corrected
times or quantity under the same pay terms and writes a *correction*: a new payslip of the
same shift, with the full corrected figures, `corrects_id` naming the payslip it replaces
and the reason. From then on the original no longer counts in month-to-date figures, so
the next settlement's withholding is computed on the corrected month.

The money: the withholding is recomputed month to date (the month's income in force
without the original, plus the corrected gross; less what was withheld without the
original), and only the difference moves: a hold of the extra gross and fee is taken from
the employer's available escrow and released at once (the extra net to the worker's
payable, the extra tax to tax withheld, the extra fee to platform fees), and a payout
sends the extra net. The original's ledger entries stand; the correction's are the
difference, posted in the same transaction as the payslip (`pay.correction` shows it).

Scope of this version (refused otherwise, with the reason):
- corrections raise pay: recovering pay already sent is not done through the API (409
  `correction_lowers_pay`);
- the month stays open: a payslip can be corrected until the end of the tenant's calendar
  month it was paid in, when the month's withholding is filed (409 `payslip_month_closed`);
- the latest payslip of a shift is the one to correct (409 `payslip_already_corrected`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import Conflict, field_error
from app.core.ids import new_id
from app.core.money import MAX_AMOUNT, Money
from app.escrow import service as escrow
from app.ledger import service as ledger
from app.payouts import service as payouts
from app.payslips import service as payslips
from app.work import hooks, pay
from app.work.accounts import PLATFORM_FEES, TAX_WITHHELD
from app.work.engagements import fee_of, terms_of
from app.work.errors import ClockTimeInvalid, invalid_pay
from app.work.models import Engagement, Shift
from app.work.settlement import Settling, lock, payslip_record, withhold

_shown = payslips.PayslipSchema()


class CorrectionLowersPay(Conflict):
    """A correction must raise the worker's pay: recovering pay already sent is not done
    through the API."""

    code = "correction_lowers_pay"
    remedy = "correct only an underpayment; settle an overpayment with the worker directly"


class PayslipMonthClosed(Conflict):
    """A payslip can be corrected until the end of the calendar month it was paid in."""

    code = "payslip_month_closed"
    remedy = "corrections to a closed month are not supported"


class PayslipAlreadyCorrected(Conflict):
    """This payslip was replaced by a correction: correct the latest one."""

    code = "payslip_already_corrected"
    remedy = "correct the payslip named in `corrected_by`"


def correct_payslip(
    session: Session,
    *,
    actor: Actor,
    payslip_id: str,
    reason: str,
    clock_in_at: dt.datetime | None = None,
    clock_out_at: dt.datetime | None = None,
    quantity: Decimal | None = None,
) -> dict[str, Any]:
    """Write the correction and move the difference; answers the correction's view."""
    original = payslips.get(session, payslip_id)
    shift = lock(session, [original.shift_id])[original.shift_id]  # corrections queue here
    if payslips.corrected_by(session, [original.id]):
        raise PayslipAlreadyCorrected("A correction already replaced this payslip.")
    if clock.month_bounds(original.paid_on) != clock.month_bounds(clock.local_day(session)):
        raise PayslipMonthClosed(
            f"This payslip was paid in {original.paid_on:%Y-%m}, a closed month."
        )
    engagement = session.scalars(
        select(Engagement).where(Engagement.id == shift.engagement_id)
    ).one()
    came = clock.ensure_utc(clock_in_at or shift.clock_in_at)  # type: ignore[arg-type]
    left = clock.ensure_utc(clock_out_at or shift.clock_out_at)  # type: ignore[arg-type]
    _check_times(session, shift, came, left, given_out=clock_out_at is not None)
    try:
        gross = pay.gross(
            terms_of(engagement),
            engagement.currency,
            clock_in=came,
            clock_out=left,
            quantity=quantity if quantity is not None else shift.quantity,
        )
        charge = fee_of(engagement)
        fee = pay.fee(charge, gross.amount) if charge else Money.zero(engagement.currency)
        if gross.amount.amount + fee.amount > MAX_AMOUNT:
            raise pay.PayError("quantity", "the gross and fee would be out of range")
    except pay.PayError as exc:
        raise invalid_pay(exc) from None
    item = Settling(shift, engagement, gross, fee, original.paid_on, new_id("pys"), left)
    withhold(session, [item], replacing=original)
    before = _figures(original)
    after = {
        "gross": gross.amount.amount,
        "withheld": item.withheld.withheld.amount if item.withheld else 0,
        "fee": fee.amount,
    }
    after["net"] = after["gross"] - after["withheld"]
    change = {k: after[k] - before[k] for k in after}
    if change["gross"] <= 0 or min(change.values()) < 0:
        raise CorrectionLowersPay(
            f"The corrected gross is {gross.amount.amount}, the payslip's {original.gross}: "
            "a correction must raise the pay."
        )
    _lock_accounts(session, item)
    shift.clock_in_at, shift.clock_out_at = came, left  # the record, once nothing can fail
    if engagement.pay_basis == "piece":
        shift.quantity = gross.quantity
    release, payout_id = _move(session, actor, item, change)
    slip = payslip_record(
        item, payout_id, release, hooks.payslip_items(session, [(shift, engagement)])
    )
    slip.corrects_id, slip.correction_reason = original.id, reason
    slip.pay = {**slip.pay, "correction": {**change, "paid_before": original.net}}
    payslips.write_many(session, actor=actor, payslips=[slip])
    shift.payslip_id = slip.id
    session.flush()
    shown = payslips.get_payslip(session, slip.id)
    events.record(
        session,
        type="payslip.corrected",
        data={"object": _shown.dump(shown), "previous": payslips.view(original)},
        request_id=actor.request_id,
    )
    return shown


def _check_times(
    session: Session, shift: Shift, came: dt.datetime, left: dt.datetime, *, given_out: bool
) -> None:
    """The corrected times pass the clock-in's and clock-out's checks (`app.work.shifts`):
    a clock-in on the shift's day (or before its planned end), a clock-out after it, at
    most 24 hours after, not in the future; each error names the field that was sent."""
    start, end = clock.day_bounds(session, shift.day)
    latest_start = max(end, clock.ensure_utc(shift.ends_at)) if shift.ends_at else end
    order = (
        ("clock_out_at", "After the clock-in.")
        if given_out
        else ("clock_in_at", "Before the clock-out.")
    )
    for field, problem in (
        ("clock_in_at", "Not before the shift's day." if came < start else None),
        ("clock_in_at", "Not after the shift's day." if came >= latest_start else None),
        ("clock_out_at", "Not in the future." if left > clock.now(session) else None),
        (order[0], order[1] if left <= came else None),
        (
            "clock_out_at",
            "At most 24 hours after the clock-in." if left - came > pay.MAX_SHIFT else None,
        ),
    ):
        if problem:
            raise ClockTimeInvalid(problem, errors=[field_error(field, problem)])


def _figures(original: payslips.Payslip) -> dict[str, int]:
    return {
        "gross": original.gross,
        "withheld": original.withheld,
        "fee": payslips.platform_fee(original),
        "net": original.net,
    }


def _lock_accounts(session: Session, item: Settling) -> None:
    """Every account the correction posts to, locked first in id order: it posts three
    times (hold, release, payout), a settlement once over the same accounts."""
    shift, currency = item.shift, item.engagement.currency
    ledger.lock_accounts(
        session,
        [
            *escrow.employer_keys(shift.employer_id, currency),
            (escrow.WORKER_PAYABLE, shift.worker_id, currency),
            (TAX_WITHHELD, shift.employer_id, currency),
            (PLATFORM_FEES, ledger.PLATFORM, currency),
        ],
    )


def _move(
    session: Session, actor: Actor, item: Settling, change: dict[str, int]
) -> tuple[Any, str | None]:
    """The difference: held from available escrow, released at once, the net paid out."""
    shift, currency = item.shift, item.engagement.currency
    total = change["gross"] + change["fee"]
    hold = escrow.create_hold(
        session,
        actor=actor,
        employer_id=shift.employer_id,
        amount=total,
        currency=currency,
        purpose="payslip_correction",
        reference=item.payslip_id,
    )
    splits = [
        escrow.Split(TAX_WITHHELD, shift.employer_id, change["withheld"]),
        escrow.Split(PLATFORM_FEES, ledger.PLATFORM, change["fee"]),
    ]
    release = escrow.release_holds(
        session,
        actor=actor,
        items=[
            escrow.ReleaseItem(
                hold_id=hold.id,
                worker_id=shift.worker_id,
                amount=total,
                source=("payslip", item.payslip_id),
                splits=tuple(s for s in splits if s.amount),
            )
        ],
    )[0]
    if change["net"] <= 0:
        return release, None
    owed = payouts.PayoutItem(
        shift.worker_id, change["net"], currency, ("payslip", item.payslip_id)
    )
    made = payouts.create_payouts(session, actor=actor, items=[owed])
    return release, made[0].id
