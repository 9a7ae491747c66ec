"""The insurance block's hooks into the day of work (registered at import; the work block
never imports insurance): shifts scheduled on an insured engagement are insured, a
clock-in starts that day's cover at the clock-in instant (a night shift clocked in after
its day's 24:00 cancels it instead: its premium is refunded, never charged for no cover),
and a no-show or a cancelled
shift cancels that day and refunds its premium in full. Each runs inside the work block's
transaction: a clock-in and its cover's start commit together, or neither does. A settled
shift's payslip shows the day's premium among what the employer paid (never deducted)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.auth import Actor
from app.insurance import cover, policies, pricing
from app.insurance.errors import NotInsurable, PolicyOverlaps
from app.insurance.models import Policy, PolicyDay
from app.work import service as work

work.on_shifts_scheduled(policies.insure_shifts, errors=[PolicyOverlaps, NotInsurable])


def _day_of(session: Session, shift: Any) -> tuple[Any, PolicyDay] | None:
    """The shift's covered day that is still scheduled, locked with its policy (policy
    first, as every writer takes them), or None."""
    policy_id = session.scalars(
        select(PolicyDay.policy_id).where(
            PolicyDay.shift_id == shift.id, PolicyDay.status == "scheduled"
        )
    ).first()
    if policy_id is None:
        return None
    policy = cover.lock_policy(session, policy_id)
    for day in cover.lock_days(session, policy):
        if day.shift_id == shift.id and day.status == "scheduled":
            return policy, day
    return None  # cancelled meanwhile


@work.on_clock_in
def start_cover(session: Session, actor: Actor, shift: Any) -> None:
    found = _day_of(session, shift)
    if found is None:
        return
    policy, day = found
    bounds = clock.day_bounds(session, day.day)
    start, _end = pricing.clock_in_window(bounds, clock.ensure_utc(shift.clock_in_at))
    if start >= clock.ensure_utc(day.cover_ends_at):  # after the 24:00 it was sold with
        cover.cancel(session, actor, policy, [day])
        return
    cover.activate(session, actor, policy, [(day, start)])


@work.on_shift_ended
def refund_day(session: Session, actor: Actor, shift: Any) -> None:
    found = _day_of(session, shift)
    if found is not None:
        policy, day = found
        cover.cancel(session, actor, policy, [day])


@work.on_payslip_items
def premium_items(session: Session, paid: Any) -> dict[str, list[dict[str, Any]]]:
    """The premium of each shift's day whose cover started (charged at clock-in), in the
    payslip's currency (a policy in another currency is not added to the employer's cost)."""
    currency = {s.id: e.currency for s, e in paid if e.insurance_product_id is not None}
    if not currency:  # only an insured engagement's shifts have covered days
        return {}
    rows = session.execute(
        select(PolicyDay.shift_id, PolicyDay.premium, PolicyDay.policy_id, Policy.currency)
        .join(Policy, Policy.id == PolicyDay.policy_id)
        .where(PolicyDay.shift_id.in_(list(currency)))
        .where(PolicyDay.status.in_(("active", "expired")))
    )
    return {
        row.shift_id: [
            {"type": "insurance_premium", "amount": row.premium, "policy_id": row.policy_id}
        ]
        for row in rows
        if currency[row.shift_id] == row.currency
    }
