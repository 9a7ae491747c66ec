"""Cover in force: a covered day is activated (its premium charged), cancelled (its premium
refunded) or expires, always under its policy's row lock, then its days' (in id order): a
clock-in, a cancel and the sweep on the same policy queue up and each sees what the
previous one left.

- Activate: the day's premium hold is released to the insurer's `insurance_premiums`
  account (source `("policy_day", <day>)`: at most once), the cover window starts, the
  insurer is told (`activate`), `policy.activated`.
- Cancel (a day not started): the hold is cancelled, the premium is available escrow
  again in full, the insurer is told (`cancel`), `policy.cancelled`.
- Expire (the sweep, at 24:00 of the day): `policy.expired`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound
from app.escrow import service as escrow
from app.insurance import notify, pricing
from app.insurance.models import Policy, PolicyDay
from app.insurance.schemas import PolicyDaySchema, PolicySchema
from app.ledger import service as ledger

# Per insurer and currency: premiums charged, owed to the insurer.
INSURANCE_PREMIUMS = ledger.declare_kind("insurance_premiums", normal="credit", owner="insurer")

events.declare(
    "policy.activated",
    "A covered day's cover started (at the clock-in, or at 00:00 for a day bought without a "
    "shift) and its premium was charged. `data.object`: the policy; `data.day`: the day.",
)
events.declare(
    "policy.expired",
    "Covered days ended at 24:00 in the tenant's time zone (the policy's `status` is "
    "`expired` once its last day has). `data.object`: the policy; `data.days`: those days.",
)
events.declare(
    "policy.cancelled",
    "Covered days were cancelled before their cover started and their premiums refunded in "
    "full to available escrow (the policy's `status` is `cancelled` once every day is). "
    "`data.object`: the policy; `data.days`: those days.",
)

_policy_view, _day_view = PolicySchema(), PolicyDaySchema()


def lock_policy(session: Session, policy_id: str) -> Policy:
    found = session.scalars(
        select(Policy)
        .where(Policy.id == policy_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such policy.")
    return found


def lock_days(session: Session, policy: Policy) -> list[PolicyDay]:
    """The policy's days, row-locked in id order (the policy's lock is taken first)."""
    return list(
        session.scalars(
            select(PolicyDay)
            .where(PolicyDay.policy_id == policy.id)
            .order_by(PolicyDay.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def activate(
    session: Session, actor: Actor, policy: Policy, starts: Sequence[tuple[PolicyDay, dt.datetime]]
) -> None:
    """Start the cover of these (locked, scheduled) days at the instants given and charge
    their premiums, in one `escrow.release_holds`."""
    if not starts:
        return
    items = [
        escrow.ReleaseItem(
            day.hold_id,
            day.worker_id,
            amount=day.premium,
            source=("policy_day", day.id),
            splits=(escrow.Split(INSURANCE_PREMIUMS, policy.insurer, day.premium),),
        )
        for day, _start in starts
    ]
    releases = escrow.release_holds(session, actor=actor, items=items)
    now = clock.now(session)
    for (day, start), release in zip(starts, releases, strict=True):
        day.release_id = release.id
        day.status = "active"
        day.cover_starts_at = start
        day.activated_at = now
    notify.add(session, policy, "activate", [day for day, _start in starts])
    _refresh(session, policy)
    for day, _start in starts:
        _event(session, actor, "policy.activated", policy, day=_day_view.dump(day))


def cancel(session: Session, actor: Actor, policy: Policy, days: Sequence[PolicyDay]) -> None:
    """Cancel these (locked, scheduled, not started) days: each premium back in full."""
    if not days:
        return
    now = clock.now(session)
    for day in days:
        escrow.cancel_hold(session, actor=actor, hold_id=day.hold_id)
        day.status = "cancelled"
        day.cancelled_at = now
    notify.add(session, policy, "cancel", days)
    _refresh(session, policy)
    _event(session, actor, "policy.cancelled", policy, days=[_day_view.dump(d) for d in days])


def started(day: PolicyDay, now: dt.datetime) -> bool:
    """Whether a scheduled day's cover has started by `now` (a day bought without a shift
    starts at its own instant; a shift's day only at its clock-in)."""
    return (
        day.starts_on == "day_start"
        and day.cover_starts_at is not None
        and clock.ensure_utc(day.cover_starts_at) <= now
    )


def sweep(session: Session, actor: Actor) -> int:
    """Periodic: start the days bought without a shift whose 00:00 has passed, and expire
    every active day whose 24:00 has passed (a catch-up: any span of time in one run).
    Returns how many days changed."""
    now = clock.now(session)
    due = session.scalars(
        select(PolicyDay.policy_id).where(
            (
                (PolicyDay.status == "scheduled")
                & (PolicyDay.starts_on == "day_start")
                & (PolicyDay.cover_starts_at <= now)
            )
            | ((PolicyDay.status == "active") & (PolicyDay.cover_ends_at <= now))
        )
    ).all()
    changed = 0
    for policy_id in sorted(set(due)):
        policy = lock_policy(session, policy_id)
        days = lock_days(session, policy)
        starting = [d for d in days if d.status == "scheduled" and started(d, now)]
        activate(session, actor, policy, [(d, d.cover_starts_at) for d in starting])  # type: ignore[misc]
        ended = [
            d for d in days if d.status == "active" and clock.ensure_utc(d.cover_ends_at) <= now
        ]
        for day in ended:
            day.status = "expired"
        if ended:
            _refresh(session, policy)
            _event(
                session, actor, "policy.expired", policy, days=[_day_view.dump(d) for d in ended]
            )
        changed += len(starting) + len(ended)
    return changed


def _refresh(session: Session, policy: Policy) -> None:
    session.flush()
    statuses = session.scalars(select(PolicyDay.status).where(PolicyDay.policy_id == policy.id))
    policy.status = pricing.policy_status(statuses)
    session.flush()
    session.expire(policy, ["days", "notifications"])


def _event(session: Session, actor: Actor, type: str, policy: Policy, **data: Any) -> None:
    events.record(
        session,
        type=type,
        data={"object": _policy_view.dump(policy), **data},
        request_id=actor.request_id,
    )
