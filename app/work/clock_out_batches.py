"""Accept-then-settle: clock-out batches recorded at once and settled by workers.

`accept` checks what costs nothing to check (1 to 1,000 items, each shift once: 422 as the
synchronous batch), fills each item's clock-out time (the one sent, else now: the worker
settles later, the shift ended now), writes the batch and its items in the request's
transaction (one INSERT each, `core.bulk`: the items as plain rows, no ORM objects) and
enqueues `plan_batch` after commit.

`plan_batch` (a job) groups the pending items into chunks of one employer each (at most
CHUNK_SIZE items; unknown shifts in a chunk of their own), marks the batch `settling` and
enqueues one `settle_chunk` per chunk, so that many workers settle one batch side by side.

`settle_chunk` (a job) settles its chunk's pending items through the synchronous batch
(`batches.clock_out_many`: the same settlement, the same problems) and, in the SAME unit of
work, marks each item `settled` or `failed` and adds to the batch's counts; the last chunk
completes the batch (`clock_out_batch.completed`). A worker killed inside a chunk leaves it
all rolled back, pending, to the job's retry. A job run twice finds its items no longer
pending (they are locked first, so a duplicate waits, then sees them done); and a shift can
only be settled once anyway: it is no longer in progress.

`resume_stalled` (the `work.clock_out_batches` task) plans again batches left unfinished
for STALLED_AFTER (a job lost with Redis, or out of retries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core import time as clock
from app.core.auth import Actor
from app.core.bulk import insert_all, insert_rows
from app.core.errors import AppError, NotFound
from app.core.ids import new_id
from app.core.problems import problem_body
from app.core.tenancy import tenant_of
from app.payslips import service as payslips
from app.work.batch_schemas import ClockOutBatchProgressSchema, encode_position
from app.work.batches import check, clock_out_many
from app.work.models import ClockOutBatch, ClockOutBatchItem, Shift
from app.work.settlement import ClockOut

CHUNK_SIZE = 200  # items a worker settles in one unit of work
STALLED_AFTER = dt.timedelta(minutes=10)
COMPLETED = events.declare(
    "clock_out_batch.completed",
    "Every clock-out of a batch (`POST /v1/clock-out-batches`) is settled or failed. "
    "`data.object`: the batch, with its counts; its items: "
    "`GET /v1/clock-out-batches/{id}/items`.",
)
batch_view = ClockOutBatchProgressSchema()


def accept_clock_out_batch(
    session: Session, *, actor: Actor, items: Sequence[ClockOut]
) -> ClockOutBatch:
    """Record the batch and its items, pending; the settling leaves after commit."""
    check(items)
    now = clock.now(session)
    batch = ClockOutBatch(
        id=new_id("cob"),
        status="accepted",
        item_count=len(items),
        settled_count=0,
        failed_count=0,
        actor_type=actor.type,
        actor_id=actor.id,
        request_id=actor.request_id,
        completed_at=None,
    )
    insert_all(session, [batch])
    batch_id = batch.id
    insert_rows(
        session,
        ClockOutBatchItem,
        ("batch_id", "position", "shift_id", "at", "location", "quantity", "status"),
        [
            (
                batch_id,
                position,
                item.shift_id,
                item.at or now,
                item.location,
                None if item.quantity is None else str(item.quantity),
                "pending",
            )
            for position, item in enumerate(items)
        ],
    )
    jobs.enqueue(session, plan_batch, batch_id=batch.id)
    return batch


def get_clock_out_batch(session: Session, batch_id: str) -> ClockOutBatch:
    found = session.scalars(select(ClockOutBatch).where(ClockOutBatch.id == batch_id)).first()
    if found is None:
        raise NotFound("No such clock-out batch.")
    return found


def list_clock_out_batch_items(
    session: Session, batch_id: str, *, limit: int, cursor: int | None = None
) -> dict[str, Any]:
    """A page of the batch's items in the request's order (`cursor`: the last position)."""
    get_clock_out_batch(session, batch_id)
    stmt = select(ClockOutBatchItem).where(ClockOutBatchItem.batch_id == batch_id)
    if cursor is not None:
        stmt = stmt.where(ClockOutBatchItem.position > cursor)
    rows = list(session.scalars(stmt.order_by(ClockOutBatchItem.position).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "data": rows,
        "has_more": more,
        "next_cursor": encode_position(rows[-1].position) if more else None,
    }


@jobs.job("money")
def plan_batch(session: Session, *, batch_id: str) -> int:
    """Chunk the pending items by employer and enqueue a `settle_chunk` for every chunk with
    pending items (again, if it already had one: a duplicate finds nothing to do)."""
    batch = _locked(session, batch_id)
    if batch is None or batch.status == "completed":
        return 0
    pending = session.execute(
        select(ClockOutBatchItem.position, ClockOutBatchItem.shift_id, ClockOutBatchItem.chunk)
        .where(ClockOutBatchItem.batch_id == batch_id, ClockOutBatchItem.status == "pending")
        .order_by(ClockOutBatchItem.position)
    ).all()
    chunks = {row.chunk for row in pending if row.chunk is not None}
    unplanned = [row for row in pending if row.chunk is None]
    if unplanned:
        wanted = {row.shift_id for row in unplanned}
        employer_of = {
            shift_id: employer_id
            for shift_id, employer_id in session.execute(
                select(Shift.id, Shift.employer_id).where(Shift.id.in_(wanted))
            ).all()
        }
        ordered = sorted(unplanned, key=lambda r: (employer_of.get(r.shift_id, ""), r.position))
        last = session.scalar(
            select(func.max(ClockOutBatchItem.chunk)).where(ClockOutBatchItem.batch_id == batch_id)
        )
        number = last or 0
        assigned: list[dict[str, Any]] = []
        for _employer, rows in groupby(ordered, key=lambda r: employer_of.get(r.shift_id, "")):
            group = list(rows)
            for start in range(0, len(group), CHUNK_SIZE):
                number += 1
                chunks.add(number)
                assigned += [{"p": r.position, "c": number} for r in group[start:][:CHUNK_SIZE]]
        _assign(session, batch_id, assigned)
    batch.status = "settling"
    for number in sorted(chunks):
        jobs.enqueue(session, settle_chunk, batch_id=batch_id, chunk=number)
    return len(chunks)


def _assign(session: Session, batch_id: str, assigned: list[dict[str, Any]]) -> None:
    table: Table = ClockOutBatchItem.__table__  # type: ignore[assignment]
    session.connection().execute(
        update(table)
        .where(
            table.c.tenant_id == bindparam("t"),
            table.c.batch_id == bindparam("b"),
            table.c.position == bindparam("p"),
        )
        .values(chunk=bindparam("c")),
        [{"t": tenant_of(session), "b": batch_id, **row} for row in assigned],
    )


@jobs.job("money", timeout=600)
def settle_chunk(session: Session, *, batch_id: str, chunk: int) -> int:
    """Settle the chunk's pending items and mark them, in this one unit of work."""
    items = list(
        session.scalars(
            select(ClockOutBatchItem)
            .where(
                ClockOutBatchItem.batch_id == batch_id,
                ClockOutBatchItem.chunk == chunk,
                ClockOutBatchItem.status == "pending",
            )
            .order_by(ClockOutBatchItem.position)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
    if not items:
        return 0  # settled already (a duplicate, or a retry of a job that committed)
    batch = get_clock_out_batch(session, batch_id)
    actor = Actor(batch.actor_type, batch.actor_id, batch.request_id)
    outcomes = clock_out_many(session, actor=actor, items=[_clock_out(i) for i in items])
    slips = payslips.of_shifts(session, [o.shift_id for o in outcomes if o.shift is not None])
    now = clock.now(session)
    for item, outcome in zip(items, outcomes, strict=True):
        if outcome.error is not None:
            item.status, item.error = "failed", _problem(outcome.error, batch.request_id)
        else:
            slip = slips[item.shift_id]
            item.status, item.payslip_id, item.payout_id = "settled", slip.id, slip.payout_id
            item.settled_at = now
    failed = sum(1 for o in outcomes if o.error is not None)
    _count(session, batch_id, settled=len(items) - failed, failed=failed, now=now)
    return len(items)


def _count(session: Session, batch_id: str, *, settled: int, failed: int, now: dt.datetime) -> None:
    """Add to the batch's counts (its row locked last, until commit); the last chunk
    completes it."""
    batch = _locked(session, batch_id)
    assert batch is not None
    batch.settled_count += settled
    batch.failed_count += failed
    if batch.settled_count + batch.failed_count == batch.item_count:
        batch.status, batch.completed_at = "completed", now
        session.flush()
        events.record(
            session,
            type=COMPLETED,
            data={"object": batch_view.dump(batch)},
            request_id=batch.request_id,
        )


def resume_stalled(session: Session) -> int:
    """Plan again the batches unfinished for STALLED_AFTER (their jobs may be lost)."""
    before = clock.now(session) - STALLED_AFTER
    stalled = session.scalars(
        select(ClockOutBatch.id).where(
            ClockOutBatch.status.in_(("accepted", "settling")), ClockOutBatch.updated_at < before
        )
    ).all()
    for batch_id in stalled:
        session.execute(
            update(ClockOutBatch)
            .where(ClockOutBatch.id == batch_id)
            .values(updated_at=clock.now(session))
        )
        jobs.enqueue(session, plan_batch, batch_id=batch_id)
    return len(stalled)


def _locked(session: Session, batch_id: str) -> ClockOutBatch | None:
    return session.scalars(
        select(ClockOutBatch)
        .where(ClockOutBatch.id == batch_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _clock_out(item: ClockOutBatchItem) -> ClockOut:
    quantity = None if item.quantity is None else Decimal(item.quantity)
    return ClockOut(item.shift_id, clock.ensure_utc(item.at), item.location, quantity)


def _problem(error: AppError, request_id: str | None) -> dict[str, Any]:
    """The item's problem, as the synchronous batch answers it (the batch's request id)."""
    extra = {**error.extra, "request_id": request_id}
    return problem_body(error.status, error.code, error.detail, errors=error.errors, **extra)
