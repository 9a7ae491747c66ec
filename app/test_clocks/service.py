"""Test clocks: create, read, advance, delete. Advancing commits the new time, then a job
runs every periodic task of the tenant (`core.schedule.run_due`) in units of work that read
it (`jobs.run_due`). Events: `test_clock.advancing` with the accepted advance, then
`test_clock.ready` or `test_clock.internal_failure` when the job is done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core.auth import Actor
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.core.time import ensure_utc, real_now, use_test_clock
from app.tenants import service as tenants
from app.test_clocks.errors import TestClockAdvancing, TestClockExists, TestClockLiveMode
from app.test_clocks.models import TestClock
from app.test_clocks.schemas import TestClockSchema

MAX_ADVANCE = dt.timedelta(days=731)  # two years, a leap day included
# No clock goes past this: far enough for any rehearsal, and well inside the dates every
# calendar computation (a month's end, a year to date) can represent.
HORIZON = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)

ADVANCING = events.declare(
    "test_clock.advancing",
    "A test clock's advance was accepted; what fell due is running. `data.object`: the clock.",
)
READY = events.declare(
    "test_clock.ready",
    "Everything that fell due in a test clock's advance ran. `data.object`: the clock.",
)
FAILED = events.declare(
    "test_clock.internal_failure",
    "A task failed while a test clock advanced; advance again to re-run. `data.object`: the clock.",
)
_view = TestClockSchema()


def create(
    session: Session, *, actor: Actor, frozen_time: dt.datetime, name: str | None = None
) -> TestClock:
    """A clock for the bound test-mode tenant, frozen at `frozen_time` (not in the past)."""
    if tenants.get_current(session).mode != "test":
        raise TestClockLiveMode()
    existing = session.scalars(select(TestClock.id)).first()
    if existing is not None:
        raise TestClockExists(existing_id=existing)
    frozen_time = ensure_utc(frozen_time)
    now = real_now(session)
    if frozen_time < now.replace(microsecond=0):
        _invalid(f"Must not be before now ({now.isoformat()}).")
    if frozen_time - now > MAX_ADVANCE:
        _invalid("At most 2 years (731 days) from now: advance the clock for more.")
    clock = TestClock(
        id=new_id("clk"), name=name, frozen_time=frozen_time, status="ready", tasks_run=0
    )
    session.add(clock)
    session.flush()
    use_test_clock(session, clock.id, frozen_time)
    tenants.record_audit(
        session,
        actor=actor,
        action="test_clock.created",
        target_type="test_clock",
        target_id=clock.id,
        data={"frozen_time": frozen_time.isoformat()},
    )
    return clock


def list_(session: Session, *, limit: int, cursor: Position | None = None) -> Page[TestClock]:
    return paginate(session, select(TestClock), TestClock, limit=limit, cursor=cursor)


def get_or_raise(session: Session, clock_id: str, *, lock: bool = False) -> TestClock:
    statement = select(TestClock).where(TestClock.id == clock_id)
    if lock:
        statement = statement.with_for_update()
    clock = session.scalars(statement).first()
    if clock is None:
        raise NotFound("No such test clock.")
    return clock


def advance(
    session: Session, *, actor: Actor, clock_id: str, frozen_time: dt.datetime
) -> TestClock:
    """Move the clock forward to `frozen_time`; once committed, a job runs what fell due."""
    clock = get_or_raise(session, clock_id, lock=True)
    if clock.status == "advancing":
        raise TestClockAdvancing()
    frozen_time = ensure_utc(frozen_time)
    if frozen_time <= clock.frozen_time:
        _invalid(f"Must be later than the clock's time, {clock.frozen_time.isoformat()}.")
    if frozen_time - clock.frozen_time > MAX_ADVANCE:
        _invalid("Advance at most 2 years (731 days) at a time.")
    if frozen_time >= HORIZON:
        _invalid(f"Must be before {HORIZON.isoformat()}.")
    clock.advanced_from, clock.frozen_time = clock.frozen_time, frozen_time
    clock.status, clock.tasks_run = "advancing", 0
    session.flush()
    use_test_clock(session, clock.id, frozen_time)
    tenants.record_audit(
        session,
        actor=actor,
        action="test_clock.advanced",
        target_type="test_clock",
        target_id=clock.id,
        data={"from": clock.advanced_from.isoformat(), "to": frozen_time.isoformat()},
    )
    events.record(
        session, type=ADVANCING, data={"object": _view.dump(clock)}, request_id=actor.request_id
    )
    from app.test_clocks.jobs import run_due  # the job module imports this one

    jobs.enqueue(session, run_due, clock_id=clock.id, frozen_time=frozen_time.isoformat())
    return clock


def finish(session: Session, *, clock_id: str, frozen_time: str, ran: int | None) -> bool:
    """Record the outcome of an advance (`ran` None: a task failed), unless the clock has
    moved on or gone since (then False)."""
    clock = session.scalars(
        select(TestClock).where(TestClock.id == clock_id).with_for_update()
    ).first()
    if clock is None or clock.frozen_time != dt.datetime.fromisoformat(frozen_time):
        return False
    clock.status = "ready" if ran is not None else "internal_failure"
    clock.tasks_run = ran or 0
    session.flush()  # `updated_at` stamped, as the event shows it
    events.record(
        session, type=READY if ran is not None else FAILED, data={"object": _view.dump(clock)}
    )
    return True


def delete(session: Session, *, actor: Actor, clock_id: str) -> None:
    """Remove the clock: the tenant is on the real clock again."""
    clock = get_or_raise(session, clock_id, lock=True)
    session.delete(clock)
    session.flush()
    use_test_clock(session, None)
    tenants.record_audit(
        session,
        actor=actor,
        action="test_clock.deleted",
        target_type="test_clock",
        target_id=clock_id,
        data={"frozen_time": clock.frozen_time.isoformat()},
    )


def _invalid(message: str) -> None:
    raise ValidationFailed(message, errors=[field_error("frozen_time", message)])
