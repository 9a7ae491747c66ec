"""Accept-then-settle: clock-out batches recorded at once and settled by workers.

`accept` checks what costs nothing to check (1 to 1,000 items, each shift once: 422 as the
synchronous batch), fills each item's clock-out time (the one sent, else now: the worker
settles later, the shift ended now), writes the batch with its items (as JSON in the batch's
row: ONE row, so that the 202 costs about what any write does) in the request's
transaction and enqueues `plan_batch` after commit.

`plan_batch` (a job, under the batch's row lock) writes the items out as rows, once
(`core.bulk.insert_rows`: one INSERT), grouped into chunks of one employer each (at most
CHUNK_SIZE items; unknown shifts in chunks of their own), marks the batch `settling` and
enqueues one `settle_chunk` per chunk, so that many workers settle one batch side by side.
Until then the items are read from the batch's row (`list_clock_out_batch_items`).

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
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core import time as clock
from app.core.auth import Actor
from app.core.bulk import insert_all, insert_rows
from app.core.errors import AppError, NotFound
from app.core.ids import new_id
from app.core.problems import problem_body
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
    session: Session, *, actor: Actor, clock_outs: Sequence[Mapping[str, Any]]
) -> ClockOutBatch:
    """Record the batch with its items (`clock_outs` as `ClockOutBatchSchema` loads them),
    pending; the settling leaves after commit."""
    check([item["shift_id"] for item in clock_outs])
    now = clock.now(session).isoformat()
    batch = ClockOutBatch(
        id=new_id("cob"),
        status="accepted",
        item_count=len(clock_outs),
        settled_count=0,
        failed_count=0,
        clock_outs=[_accepted(item, now) for item in clock_outs],
        actor_type=actor.type,
        actor_id=actor.id,
        request_id=actor.request_id,
        completed_at=None,
    )
    insert_all(session, [batch])
    jobs.enqueue(session, plan_batch, batch_id=batch.id)
    return batch


def _accepted(item: Mapping[str, Any], now: str) -> list[Any]:
    """An item as the batch's row keeps it: `[shift_id, at, location, quantity]`."""
    if len(item) == 1:  # a shift id alone, the usual case
        return [item["shift_id"], now, None, None]
    at, quantity = item.get("at"), item.get("quantity")
    return [
        item["shift_id"],
        now if at is None else clock.ensure_utc(at).isoformat(),
        item.get("location"),
        None if quantity is None else str(quantity),
    ]


def get_clock_out_batch(session: Session, batch_id: str) -> ClockOutBatch:
    found = session.scalars(select(ClockOutBatch).where(ClockOutBatch.id == batch_id)).first()
    if found is None:
        raise NotFound("No such clock-out batch.")
    return found


def list_clock_out_batch_items(
    session: Session, batch_id: str, *, limit: int, cursor: int | None = None
) -> dict[str, Any]:
    """A page of the batch's items in the request's order (`cursor`: the last position)."""
    batch = get_clock_out_batch(session, batch_id)
    first = 0 if cursor is None else cursor + 1
    if batch.status == "accepted":  # not planned yet: the items as they were accepted
        rows = [_pending(batch, p) for p in range(first, min(first + limit + 1, batch.item_count))]
    else:
        stmt = select(ClockOutBatchItem).where(
            ClockOutBatchItem.batch_id == batch_id, ClockOutBatchItem.position >= first
        )
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
    """Write the items (once: the batch goes `settling`), each in its chunk, and enqueue a
    `settle_chunk` for every chunk with pending items (again, if it already had one: a
    duplicate finds nothing to do)."""
    batch = _locked(session, batch_id)
    if batch is None or batch.status == "completed":
        return 0
    if batch.status == "accepted":
        _write_items(session, batch)
        batch.status = "settling"
        session.flush()
    chunks = session.scalars(
        select(ClockOutBatchItem.chunk)
        .where(ClockOutBatchItem.batch_id == batch_id, ClockOutBatchItem.status == "pending")
        .distinct()
    ).all()
    for number in sorted(c for c in chunks if c is not None):
        jobs.enqueue(session, settle_chunk, batch_id=batch_id, chunk=number)
    return len(chunks)


def _write_items(session: Session, batch: ClockOutBatch) -> None:
    """The batch's items as rows (`core.bulk.insert_rows`), grouped into chunks of one
    employer each, at most CHUNK_SIZE items (unknown shifts in chunks of their own)."""
    accepted = batch.clock_outs
    wanted = {each[0] for each in accepted}
    employer_of = {
        shift_id: employer_id
        for shift_id, employer_id in session.execute(
            select(Shift.id, Shift.employer_id).where(Shift.id.in_(wanted))
        ).all()
    }
    ordered = sorted(range(len(accepted)), key=lambda p: (employer_of.get(accepted[p][0], ""), p))
    chunk_of: dict[int, int] = {}
    number = 0
    for _employer, group in groupby(ordered, key=lambda p: employer_of.get(accepted[p][0], "")):
        positions = list(group)
        for start in range(0, len(positions), CHUNK_SIZE):
            number += 1
            chunk_of.update((p, number) for p in positions[start : start + CHUNK_SIZE])
    insert_rows(
        session,
        ClockOutBatchItem,
        ("batch_id", "position", "shift_id", "at", "location", "quantity", "chunk", "status"),
        [
            (batch.id, p, shift_id, _instant(at), location, quantity, chunk_of[p], "pending")
            for p, (shift_id, at, location, quantity) in enumerate(accepted)
        ],
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


def _pending(batch: ClockOutBatch, position: int) -> ClockOutBatchItem:
    """An item of a batch not planned yet, as its row will be (not written)."""
    shift_id, at, location, quantity = batch.clock_outs[position]
    return ClockOutBatchItem(
        batch_id=batch.id,
        position=position,
        shift_id=shift_id,
        at=_instant(at),
        location=location,
        quantity=quantity,
        status="pending",
    )


def _instant(at: str) -> dt.datetime:
    return dt.datetime.fromisoformat(at)


def _clock_out(item: ClockOutBatchItem) -> ClockOut:
    quantity = None if item.quantity is None else Decimal(item.quantity)
    return ClockOut(item.shift_id, clock.ensure_utc(item.at), item.location, quantity)


def _problem(error: AppError, request_id: str | None) -> dict[str, Any]:
    """The item's problem, as the synchronous batch answers it (the batch's request id)."""
    extra = {**error.extra, "request_id": request_id}
    return problem_body(error.status, error.code, error.detail, errors=error.errors, **extra)
