"""A shift's day: clock-in, no-show, cancel, and the checks a clock time and a location pass.

A clock time is the server's now unless the client sends one (a phone that queued the tap
offline): it may be at most `FUTURE_TOLERANCE` ahead of the server's clock, never before
the start of the shift's day (tenant time zone); a clock-in at most `PAST_TOLERANCE`
behind the server's clock and not after the shift's day (or its planned end, if later); a
clock-out after its clock-in, at most 24 hours after, however long ago: a shift whose
clock-out was forgotten is closed later with the time it ended, so the worker is paid.

A location is checked against the engagement's geofence: outside it, or left out, `refuse`
answers 422 `outside_geofence`, `flag` records `clock_in_outside_geofence` /
`clock_out_outside_geofence` (or `clock_in_without_location` / `clock_out_without_location`)
on the shift.

Clock-in calls every registered clock-in hook inside its transaction (`on_clock_in`): the
insurance block will start the day's cover there, at the clock-in instant.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound, field_error
from app.core.pagination import Page, Position, paginate
from app.signing import service as signing
from app.work.engagements import end_shift, get_engagement, shift_view
from app.work.errors import (
    ClockTimeInvalid,
    ContractNotSigned,
    EngagementNotActive,
    OutsideGeofence,
    ShiftNotScheduled,
)
from app.work.models import Engagement, Shift

FUTURE_TOLERANCE = dt.timedelta(minutes=2)  # device clocks drift
PAST_TOLERANCE = dt.timedelta(hours=12)  # a tap queued offline
EARTH_RADIUS_M = 6_371_000

events.declare("shift.clocked_in", "A worker clocked in. `data.object`: the shift.")

ClockInHook = Callable[[Session, Actor, Shift], None]
_clock_in_hooks: list[ClockInHook] = []


def on_clock_in(hook: ClockInHook) -> ClockInHook:
    """Register `hook(session, actor, shift)`, called in the clock-in's transaction."""
    if hook not in _clock_in_hooks:
        _clock_in_hooks.append(hook)
    return hook


def clock_in(
    session: Session,
    *,
    actor: Actor,
    shift_id: str,
    at: dt.datetime | None = None,
    location: dict[str, float] | None = None,
) -> Shift:
    shift = lock_shift(session, shift_id)
    if shift.status != "scheduled":
        raise ShiftNotScheduled(f"This shift is {shift.status}.")
    engagement = get_engagement(session, shift.engagement_id)
    if engagement.status != "active":
        raise EngagementNotActive()
    if engagement.contract_id is not None:
        contract = signing.get_contract(session, engagement.contract_id)
        if contract.status != "completed":
            raise ContractNotSigned(f"The contract is {contract.status}; it must be completed.")
    shift.clock_in_at = clock_time(session, shift, at, "at")
    shift.clock_in_location = location
    check_location(engagement, shift, location, "clock_in")
    shift.status = "in_progress"
    session.flush()
    for hook in _clock_in_hooks:
        hook(session, actor, shift)
    events.record(
        session,
        type="shift.clocked_in",
        data={"object": shift_view.dump(shift)},
        request_id=actor.request_id,
    )
    return shift


def mark_no_show(session: Session, *, actor: Actor, shift_id: str) -> Shift:
    return end_shift(session, actor=actor, shift=lock_shift(session, shift_id), status="no_show")


def cancel_shift(session: Session, *, actor: Actor, shift_id: str) -> Shift:
    return end_shift(session, actor=actor, shift=lock_shift(session, shift_id), status="cancelled")


def clock_time(session: Session, shift: Shift, at: dt.datetime | None, field: str) -> dt.datetime:
    """The instant of a clock-in or -out (see the module docstring)."""
    now = clock.now(session)
    if at is None:
        at = now
    at = clock.ensure_utc(at)
    day_start, day_end = clock.day_bounds(session, shift.day)
    # A clock-in starts on the shift's day (or before its planned end, for a night shift);
    # a clock-out may end the next day.
    latest_start = max(day_end, clock.ensure_utc(shift.ends_at)) if shift.ends_at else day_end
    problem = None
    if at > now + FUTURE_TOLERANCE:
        problem = "Not in the future."
    elif shift.clock_in_at is None and at < now - PAST_TOLERANCE:
        problem = f"At most {PAST_TOLERANCE.total_seconds() / 3600:g} hours ago."
    elif at < day_start:
        problem = "Not before the shift's day."
    elif shift.clock_in_at is None and at >= latest_start:
        problem = "Not after the shift's day."
    elif shift.clock_in_at is not None and at <= clock.ensure_utc(shift.clock_in_at):
        problem = "After the clock-in."
    if problem is not None:
        raise ClockTimeInvalid(problem, errors=[field_error(field, problem)])
    return at


def check_location(
    engagement: Engagement, shift: Shift, location: dict[str, float] | None, moment: str
) -> None:
    fence = (engagement.site or {}).get("geofence")
    if not fence:
        return
    refuse = fence.get("policy", "refuse") == "refuse"
    if location is None:  # leaving it out does not get around the fence
        if refuse:
            message = "This work site checks the location: send it."
            raise OutsideGeofence(message, errors=[field_error("location", message)])
        shift.flags = [*shift.flags, f"{moment}_without_location"]
        return
    distance = _metres(fence, location)
    if distance <= fence["radius_m"]:
        return
    if refuse:
        message = f"{distance:.0f} m from the site; at most {fence['radius_m']} m."
        raise OutsideGeofence(message, errors=[field_error("location", message)])
    shift.flags = [*shift.flags, f"{moment}_outside_geofence"]


def lock_shift(session: Session, shift_id: str) -> Shift:
    found = session.scalars(
        select(Shift)
        .where(Shift.id == shift_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such shift.")
    return found


def get_shift(session: Session, shift_id: str) -> Shift:
    found = session.scalars(select(Shift).where(Shift.id == shift_id)).one_or_none()
    if found is None:
        raise NotFound("No such shift.")
    return found


def list_shifts(
    session: Session, *, limit: int, cursor: Position | None = None, **filters: Any
) -> Page[Shift]:
    """Filters: engagement_id, worker_id, employer_id, day, status (None: any)."""
    stmt = select(Shift)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Shift, name) == value)
    return paginate(session, stmt, Shift, limit=limit, cursor=cursor)


def scheduled_amounts(
    session: Session, *, first_day: dt.date, last_day: dt.date, employer_ids: list[str]
) -> dict[tuple[str, str], int]:
    """What the employers' shifts still scheduled from `first_day` to `last_day` (both
    included) are expected to cost (wage + fee, each already held when scheduled), per
    (employer id, currency), in one query."""
    rows = session.execute(
        select(Shift.employer_id, Engagement.currency, func.sum(Shift.expected_amount))
        .join(Engagement, Engagement.id == Shift.engagement_id)
        .where(
            Shift.status == "scheduled",
            Shift.day >= first_day,
            Shift.day <= last_day,
            Shift.employer_id.in_(employer_ids),
        )
        .group_by(Shift.employer_id, Engagement.currency)
    )
    return {(employer, currency): int(total) for employer, currency, total in rows}


def _metres(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Great-circle distance (haversine) between two {latitude, longitude} points."""
    lat1, lat2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dlat = lat2 - lat1
    dlon = math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
