"""Batch clock-out: up to 1,000 shifts settled in one call, each on its own.

The shifts are locked in id order (for the whole transaction); inside a savepoint they are
measured one by one (an item that cannot be settled, an unknown shift, one not in progress,
a bad clock time or quantity, gets its problem and is left out) and the others are settled
together with the batched primitives (one statement per kind of row). If that refuses (a
top-up beyond the employer's available escrow), the savepoint is rolled back, clock-out
times and flags included, and each item is measured and settled alone in a savepoint of its
own, so only the items that cannot be paid fail, untouched. Nothing outside the
database has happened by then: payouts are sent after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import AppError, ValidationFailed, field_error
from app.work.models import Shift
from app.work.schemas import MAX_BATCH
from app.work.settlement import ClockOut, Settling, complete, lock, prepare


@dataclass(frozen=True)
class Outcome:
    """One item's result: the settled shift, or the problem that kept it from settling."""

    shift_id: str
    shift: Shift | None = None
    error: AppError | None = None


def clock_out_many(session: Session, *, actor: Actor, items: Sequence[ClockOut]) -> list[Outcome]:
    """Settle every item that can be, in the items' order (see the module docstring)."""
    shift_ids = [item.shift_id for item in items]
    check(shift_ids)
    lock(session, shift_ids)  # held whatever the savepoints do
    settling: list[Settling] = []
    problems: dict[int, AppError] = {}
    settled: dict[int, Shift] = {}
    try:
        with session.begin_nested():  # measured inside: a refusal leaves no clock-out behind
            settling, problems = prepare(session, items)
            complete(session, actor, settling)
        settled = {item.index: item.shift for item in settling}
    except AppError:
        for item in settling:  # the savepoint is gone: one at a time, each in its own
            try:
                with session.begin_nested():
                    alone, refused = prepare(session, [items[item.index]])
                    if refused:
                        raise refused[0]
                    complete(session, actor, alone)
                settled[item.index] = alone[0].shift
            except AppError as error:
                problems[item.index] = error
    return [
        Outcome(item.shift_id, shift=settled.get(i), error=problems.get(i))
        for i, item in enumerate(items)
    ]


def check(shift_ids: Sequence[str]) -> None:
    """A batch of 1 to MAX_BATCH items, each shift once (422 otherwise)."""
    if not 1 <= len(shift_ids) <= MAX_BATCH:
        raise ValidationFailed(
            f"A batch holds 1 to {MAX_BATCH} clock-outs.",
            errors=[field_error("clock_outs", f"1 to {MAX_BATCH} items.")],
        )
    if len(set(shift_ids)) == len(shift_ids):
        return
    seen: dict[str, int] = {}
    for i, shift_id in enumerate(shift_ids):
        if shift_id in seen:
            message = f"The same shift as clock_outs.{seen[shift_id]}."
            raise ValidationFailed(
                "A shift appears twice in the batch.",
                errors=[field_error(f"clock_outs.{i}.shift_id", message)],
            )
        seen[shift_id] = i
