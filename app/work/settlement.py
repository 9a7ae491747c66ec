"""Clock-out: a shift settled in the clock-out's transaction, one or a batch.

For each shift (locked, in id order, so concurrent clock-outs and batches queue and the
second finds it settled: 409 `shift_not_in_progress`):
1. the gross from the engagement's pay terms (`pay.gross`), the platform fee on top;
2. IIT withheld on labour remuneration (`withholding.withhold`) under the tenant's
   `work.withholding` rule in force on the day paid, cumulatively over what this employer
   paid the worker that calendar month (tenant time zone), so that daily payments withhold
   what one monthly payment would; settlements of one worker, employer and month take turns
   (a transaction-scoped advisory lock on PostgreSQL);
3. the shift's hold released (`escrow.release_holds`, the source `("shift", id)`): the net
   to the worker's payable, the tax to the employer's `tax_withheld_payable`, the fee to
   `platform_fees`, what is left back to available escrow; a gross above the hold grows it
   from available escrow (402 `insufficient_escrow_balance` if there is not enough);
4. the payout of the net (`payouts.create_payouts`, source `("payslip", id)`), sent after
   commit by the money core's job; the payslip; `shift.clocked_out`, `shift.settled`,
   `payslip.created`.
A batch is written with the batched primitives: one statement per kind of row, not per
shift. The releases' and the payouts' ledger transactions are posted together, by one
`ledger.post_many` (`escrow.prepare_releases` and `payouts.prepare_payouts` build them,
`finish_releases` and `finish_payouts` write the rest), so the worker's payable, credited
by the release and reserved by the payout, is updated once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events, rules
from app.core import time as clock
from app.core.auth import Actor
from app.core.db import take_turns
from app.core.errors import AppError, NotFound, field_error
from app.core.ids import new_id
from app.core.money import MAX_AMOUNT, Money
from app.escrow import service as escrow
from app.ledger import service as ledger
from app.payouts import service as payouts
from app.payslips import service as payslips
from app.work import hooks, pay, withholding
from app.work.accounts import PLATFORM_FEES, TAX_WITHHELD
from app.work.engagements import fee_of, shift_view, terms_of
from app.work.errors import ClockTimeInvalid, ShiftNotInProgress, invalid_pay
from app.work.models import Engagement, Shift, plain
from app.work.rules import WITHHOLDING
from app.work.shifts import check_location, clock_time

events.declare("shift.clocked_out", "A worker clocked out. `data.object`: the shift.")
events.declare(
    "shift.settled",
    "A shift was settled: paid into the worker's payable, its payslip written and its payout "
    "created. `data.object`: the shift; `data.payslip`: the payslip.",
)


@dataclass(frozen=True)
class ClockOut:
    shift_id: str
    at: dt.datetime | None = None
    location: dict[str, float] | None = None
    quantity: Decimal | None = None


@dataclass
class Settling:
    """One shift on its way through the batch."""

    shift: Shift
    engagement: Engagement
    gross: pay.Gross
    fee: Money
    paid_on: dt.date
    payslip_id: str
    at: dt.datetime  # the clock-out, written to the shift with its settlement (one UPDATE)
    location: dict[str, float] | None = None
    withheld: withholding.Withholding | None = None
    rule_version: int | None = None
    rule_currency: str | None = None
    index: int = 0  # the item's place in its batch


def clock_out(
    session: Session,
    *,
    actor: Actor,
    shift_id: str,
    at: dt.datetime | None = None,
    location: dict[str, float] | None = None,
    quantity: Decimal | None = None,
) -> Shift:
    return settle(session, actor=actor, items=[ClockOut(shift_id, at, location, quantity)])[0]


def settle(session: Session, *, actor: Actor, items: Sequence[ClockOut]) -> list[Shift]:
    """Clock out and settle every item, all or nothing; the shifts in the items' order."""
    settling, problems = prepare(session, items)
    if problems:
        raise problems[min(problems)]
    complete(session, actor, settling)
    return [s.shift for s in settling]


def prepare(
    session: Session, items: Sequence[ClockOut]
) -> tuple[list[Settling], dict[int, AppError]]:
    """Lock the items' shifts (in id order) and measure each: what it earns, or why it
    cannot be settled (by the item's index). Nothing is written for an item that fails."""
    shifts = lock(session, [i.shift_id for i in items])
    engagements = {
        e.id: e
        for e in session.scalars(
            select(Engagement).where(Engagement.id.in_({s.engagement_id for s in shifts.values()}))
        )
    }
    settling: list[Settling] = []
    problems: dict[int, AppError] = {}
    seen: set[str] = set()
    for index, item in enumerate(items):
        try:
            shift = shifts.get(item.shift_id)
            if shift is None:
                raise NotFound("No such shift.")
            if item.shift_id in seen:
                raise ShiftNotInProgress("This shift is clocked out earlier in the same batch.")
            seen.add(item.shift_id)
            _check_in_progress(shift)
            settling.append(_measure(session, shift, engagements[shift.engagement_id], item))
        except AppError as error:
            problems[index] = error
        else:
            settling[-1].index = index
    return settling, problems


def complete(session: Session, actor: Actor, settling: list[Settling]) -> None:
    """Withhold, release, pay, write the payslips: one statement per kind of row (the
    events of every block in one INSERT)."""
    if settling:
        with events.held_back(session):
            withhold(session, settling)
            _pay(session, actor, settling)
        session.flush()


def lock(session: Session, shift_ids: list[str]) -> dict[str, Shift]:
    """The shifts that exist (of the tenant), locked in id order, fresh from the database."""
    return {
        s.id: s
        for s in session.scalars(
            select(Shift)
            .where(Shift.id.in_(sorted(set(shift_ids))))
            .order_by(Shift.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }


def _check_in_progress(shift: Shift) -> None:
    if shift.status != "in_progress":
        reason = "was not clocked in" if shift.status == "scheduled" else f"is {shift.status}"
        raise ShiftNotInProgress(f"This shift {reason}.")


def _measure(session: Session, shift: Shift, engagement: Engagement, item: ClockOut) -> Settling:
    """What the shift earns; the shift is changed only once nothing can fail."""
    at = clock_time(session, shift, item.at, "at")
    try:
        gross = pay.gross(
            terms_of(engagement),
            engagement.currency,
            clock_in=clock.ensure_utc(shift.clock_in_at or at),
            clock_out=at,
            quantity=item.quantity,
        )
        charge = fee_of(engagement)
        fee = pay.fee(charge, gross.amount) if charge else Money.zero(engagement.currency)
        if gross.amount.amount + fee.amount > MAX_AMOUNT:
            raise pay.PayError("quantity", "the gross and fee would be out of range")
    except pay.PayError as exc:
        if exc.field in ("clock_in", "clock_out"):  # the time the client sent (or now)
            raise ClockTimeInvalid(exc.message, errors=[field_error("at", exc.message)]) from None
        raise invalid_pay(exc) from None
    check_location(engagement, shift, item.location, "clock_out")
    paid_on = clock.local_day(session, at)
    return Settling(shift, engagement, gross, fee, paid_on, new_id("pys"), at, item.location)


def withhold(
    session: Session, settling: list[Settling], *, replacing: payslips.Payslip | None = None
) -> None:
    """Each payment's withholding, month to date per (worker, employer, currency, month).
    The rule taxes income in its own currency; pay in another is not withheld. `replacing`:
    the payslip a correction replaces, which no longer counts in its month."""
    keys = {s.payslip_id: _month_key(s) for s in settling}
    take_turns(  # settlements of one worker, employer and month, one after the other
        session,
        (f"withholding:{w}:{e}:{first.isoformat()}" for w, e, _c, first, _a in keys.values()),
    )
    so_far = payslips.month_to_date(session, keys.values())
    running = {k: (v.gross, v.withheld) for k, v in so_far.items()}
    if replacing is not None:
        key = _month_key(settling[0])
        gross, withheld = running[key]
        running[key] = (gross - replacing.gross, withheld - replacing.withheld)
    for item in settling:
        key = keys[item.payslip_id]
        version = rules.get(session, WITHHOLDING, on=item.paid_on)
        gross_before, withheld_before = running[key]
        currency = item.engagement.currency
        rule = version.body
        if rule.currency != currency:  # the rule taxes income in its currency only
            rule = dataclasses.replace(rule, enabled=False)
        try:
            item.withheld = withholding.withhold(
                rule,
                month_to_date_gross_before=Money(gross_before, currency),
                this_gross=item.gross.amount,
                withheld_so_far=Money(withheld_before, currency),
            )
        except pay.PayError as exc:
            raise invalid_pay(exc) from None
        item.rule_version = version.version
        item.rule_currency = version.body.currency
        running[key] = (
            gross_before + item.gross.amount.amount,
            withheld_before + item.withheld.withheld.amount,
        )


def _pay(session: Session, actor: Actor, settling: list[Settling]) -> None:
    releases, closing = [], []
    for item in settling:
        total = item.gross.amount.amount + item.fee.amount
        if total == 0:
            closing.append(item.shift.hold_id)
            continue
        tax = item.withheld.withheld.amount if item.withheld else 0
        splits = [
            escrow.Split(TAX_WITHHELD, item.shift.employer_id, tax),
            escrow.Split(PLATFORM_FEES, ledger.PLATFORM, item.fee.amount),
        ]
        releases.append(
            escrow.ReleaseItem(
                hold_id=item.shift.hold_id,
                worker_id=item.shift.worker_id,
                amount=total,
                source=("shift", item.shift.id),
                splits=tuple(s for s in splits if s.amount),
                top_up=True,
            )
        )
    owed = [s for s in settling if _net(s) > 0]
    items = [
        payouts.PayoutItem(w.shift.worker_id, _net(w), w.engagement.currency, _source(w))
        for w in owed
    ]
    released, made = _release_and_pay(session, actor, releases, items)
    for hold_id in closing:
        escrow.cancel_hold(session, actor=actor, hold_id=hold_id)
    payout_of = {s.payslip_id: p.id for s, p in zip(owed, made, strict=True)}
    extra = hooks.payslip_items(session, [(s.shift, s.engagement) for s in settling])
    slips = [
        payslip_record(s, payout_of.get(s.payslip_id), released.get(s.shift.hold_id), extra)
        for s in settling
    ]
    payslips.write_many(session, actor=actor, payslips=slips)
    for item, slip in zip(settling, slips, strict=True):
        shift = item.shift
        shift.clock_out_at, shift.clock_out_location = item.at, item.location
        shift.quantity = item.gross.quantity if item.engagement.pay_basis == "piece" else None
        shift.status, shift.payslip_id = "settled", slip.id
    session.flush()  # the shifts' one UPDATE, and their `updated_at` for the events
    for item, slip in zip(settling, slips, strict=True):
        shown = shift_view.dump(item.shift)
        for type, data in (
            ("shift.clocked_out", {"object": shown}),
            ("shift.settled", {"object": shown, "payslip": payslips.view(slip)}),
        ):
            events.record(session, type=type, data=data, request_id=actor.request_id)


def _release_and_pay(
    session: Session,
    actor: Actor,
    releases: list[escrow.ReleaseItem],
    owed: list[payouts.PayoutItem],
) -> tuple[dict[str, Any], list[payouts.Payout]]:
    """The holds released and the payouts made, their ledger transactions in ONE
    `post_many` (one INSERT of each kind, each account updated once: the payable that the
    release credits and the payout reserves). A refusal names its block's error: 402
    `insufficient_escrow_balance` for a top-up beyond available escrow, 402
    `insufficient_payable_balance` (or 409 if a concurrent run made the same payouts) for
    the payouts."""
    freed = escrow.prepare_releases(session, items=releases)
    paying = payouts.prepare_payouts(session, items=owed)
    try:
        posted = ledger.post_many(session, [*freed.postings, *paying.postings])
    except ledger.InsufficientBalance:
        payouts.refuse_if_raced(session, paying)
        raise
    done = escrow.finish_releases(
        session, actor=actor, prepared=freed, transactions=posted[: len(freed.postings)]
    )
    made = payouts.finish_payouts(
        session, actor=actor, prepared=paying, transactions=posted[len(freed.postings) :]
    )
    return {r.hold_id: r for r in done}, made


def _source(item: Settling) -> tuple[str, str]:
    return ("payslip", item.payslip_id)


def _net(item: Settling) -> int:
    return item.withheld.net.amount if item.withheld else item.gross.amount.amount


def payslip_record(
    item: Settling, payout_id: str | None, release: Any, extra: dict[str, list[Any]]
) -> payslips.Payslip:
    gross, shift, held = item.gross, item.shift, item.withheld
    lines: dict[str, Any] = {
        "basis": gross.basis,
        "rate": f"{gross.rate:f}",
        "unit": gross.unit,
        "quantity": None if gross.quantity is None else f"{gross.quantity:f}",
        "clock_in_at": clock.ensure_utc(shift.clock_in_at).isoformat()
        if shift.clock_in_at
        else None,
        "clock_out_at": item.at.isoformat(),
        "worked_minutes": int(gross.worked.total_seconds() // 60),
        "break_minutes": gross.break_minutes,
        "paid_minutes": gross.paid_minutes,
        "rounding": gross.rounding,
        "rounding_text": gross.rounding_text,
        "formula": gross.formula,
        "amount": gross.amount.amount,
    }
    deductions = []
    if held is not None:
        deductions.append(
            {
                "type": "iit_labour_remuneration",
                "rule": WITHHOLDING,
                "rule_version": item.rule_version,
                "enabled": held.enabled,  # off: switched off, or pay in another currency
                "rule_currency": item.rule_currency,
                "amount": held.withheld.amount,
                "month_to_date_income": held.cumulative_income.amount,
                "expense_deduction": plain(held.expense_deduction),
                "taxable_income": plain(held.taxable_income),
                "rate": plain(held.rate),
                "quick_deduction": held.quick_deduction.amount,
                "month_to_date_tax": held.cumulative_tax.amount,
                "withheld_before": held.withheld_before.amount,
            }
        )
    employer_items = [*extra.get(shift.id, ())]  # e.g. the day's premium, already charged
    if item.fee.amount:
        employer_items.insert(
            0, {"type": "platform_fee", "amount": item.fee.amount, "terms": item.engagement.fee}
        )
    return payslips.Payslip(
        id=item.payslip_id,
        shift_id=shift.id,
        engagement_id=shift.engagement_id,
        worker_id=shift.worker_id,
        employer_id=shift.employer_id,
        day=shift.day,
        paid_on=item.paid_on,
        currency=item.engagement.currency,
        gross=gross.amount.amount,
        withheld=held.withheld.amount if held else 0,
        net=_net(item),
        employer_cost=gross.amount.amount + sum(i["amount"] for i in employer_items),
        pay=lines,
        deductions=deductions,
        employer_items=employer_items,
        payout_id=payout_id,
        release_id=release.id if release is not None else None,
    )


def _month_key(item: Settling) -> payslips.MonthKey:
    first, after = clock.month_bounds(item.paid_on)
    return (item.shift.worker_id, item.shift.employer_id, item.engagement.currency, first, after)
