"""Payslip records: writing them (the day of work's settlement) and the primitives of reading.

`write_many` adds the settlement's payslips to its transaction (one flush for a batch);
`month_to_date` gives what a payer already paid a worker in a month and withheld from it,
which the cumulative withholding needs (the caller serialises settlements of one worker
and payer, see `app.work.settlement`). Only payslips *in force* count: a payslip that a
correction replaced (`corrects_id`) is history, its correction counts instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select, tuple_
from sqlalchemy.orm import Session, aliased

from app.core import bulk, events
from app.core.auth import Actor
from app.core.errors import NotFound
from app.core.pagination import Page, Position, paginate
from app.payslips.models import Payslip as Payslip  # written by the day of work

events.declare(
    "payslip.created",
    "A settled shift's payslip was written. `data.object`: the payslip.",
)

events.declare(
    "payslip.corrected",
    "A payslip was corrected: `data.object` is the correction (a new payslip whose "
    "`corrects_id` names the one it replaces), `data.previous` the payslip it replaces.",
)

MonthKey = tuple[str, str, str, dt.date, dt.date]  # worker, employer, currency, month's days


def in_force() -> ColumnElement[bool]:
    """Payslips that no correction has replaced."""
    correction = aliased(Payslip)
    return ~exists().where(
        correction.tenant_id == Payslip.tenant_id, correction.corrects_id == Payslip.id
    )


@dataclass(frozen=True)
class MonthToDate:
    gross: int
    withheld: int


def month_to_date(session: Session, keys: Iterable[MonthKey]) -> dict[MonthKey, MonthToDate]:
    """Per (worker, employer, currency, month `[first, after)`): the gross paid and tax
    withheld on the payslips paid that month so far (zero where there are none), in one
    query."""
    wanted = list(dict.fromkeys(keys))
    found: dict[MonthKey, MonthToDate] = dict.fromkeys(wanted, MonthToDate(0, 0))
    if not wanted:
        return found
    pairs = list({(w, e) for w, e, _currency, _first, _after in wanted})
    rows = session.execute(
        select(
            Payslip.worker_id,
            Payslip.employer_id,
            Payslip.currency,
            Payslip.paid_on,
            Payslip.gross,
            Payslip.withheld,
        )
        .where(tuple_(Payslip.worker_id, Payslip.employer_id).in_(pairs))
        .where(Payslip.paid_on >= min(k[3] for k in wanted))
        .where(Payslip.paid_on < max(k[4] for k in wanted))
        .where(in_force())
    )
    months: dict[tuple[str, str, str], list[MonthKey]] = {}
    for key in wanted:
        months.setdefault(key[:3], []).append(key)
    for row in rows:
        for key in months.get((row.worker_id, row.employer_id, row.currency), ()):
            if key[3] <= row.paid_on < key[4]:
                seen = found[key]
                found[key] = MonthToDate(seen.gross + row.gross, seen.withheld + row.withheld)
    return found


def write_many(session: Session, *, actor: Actor, payslips: Sequence[Payslip]) -> None:
    """Add the payslips to the transaction (one per shift: the unique key refuses a second)
    and record `payslip.created` for each: one INSERT (`core.bulk`)."""
    bulk.insert_all(session, payslips)
    for payslip in payslips:
        events.record(
            session,
            type="payslip.created",
            data={"object": view(payslip)},
            request_id=actor.request_id,
        )


def get(session: Session, payslip_id: str) -> Payslip:
    found = session.scalars(select(Payslip).where(Payslip.id == payslip_id)).one_or_none()
    if found is None:
        raise NotFound("No such payslip.")
    return found


def of_worker(session: Session, worker_id: str, first: dt.date, after: dt.date) -> list[Payslip]:
    """The worker's payslips in force paid on days in `[first, after)`, oldest first."""
    return list(
        session.scalars(
            select(Payslip)
            .where(Payslip.worker_id == worker_id, Payslip.paid_on >= first)
            .where(Payslip.paid_on < after, in_force())
            .order_by(Payslip.paid_on, Payslip.id)
        )
    )


def list_payslips(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    worker_id: str | None = None,
    employer_id: str | None = None,
    engagement_id: str | None = None,
    shift_id: str | None = None,
    paid_from: dt.date | None = None,
    paid_to: dt.date | None = None,
) -> Page[Payslip]:
    """Newest first; `paid_from`/`paid_to` bound the pay day, both inclusive."""
    stmt = select(Payslip)
    for column, value in (
        (Payslip.worker_id, worker_id),
        (Payslip.employer_id, employer_id),
        (Payslip.engagement_id, engagement_id),
        (Payslip.shift_id, shift_id),
    ):
        if value:
            stmt = stmt.where(column == value)
    if paid_from:
        stmt = stmt.where(Payslip.paid_on >= paid_from)
    if paid_to:
        stmt = stmt.where(Payslip.paid_on <= paid_to)
    return paginate(session, stmt, Payslip, limit=limit, cursor=cursor)


def corrected_by(session: Session, payslip_ids: Iterable[str]) -> dict[str, str]:
    """For each of these payslips that was corrected: the id of its correction."""
    wanted = list(set(payslip_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Payslip.corrects_id, Payslip.id).where(Payslip.corrects_id.in_(wanted))
    )
    return {row.corrects_id: row.id for row in rows}


def of_shifts(session: Session, shift_ids: Iterable[str]) -> dict[str, Payslip]:
    wanted = list(set(shift_ids))
    if not wanted:
        return {}
    found = session.scalars(select(Payslip).where(Payslip.shift_id.in_(wanted)))
    return {p.shift_id: p for p in found}


def platform_fee(payslip: Payslip) -> int:
    """The platform fee the employer paid on top of this payslip's gross (0 if none)."""
    return sum(i["amount"] for i in payslip.employer_items if i["type"] == "platform_fee")


def view(payslip: Payslip) -> dict[str, Any]:
    """The payslip as the API and its events show it."""
    return {
        "id": payslip.id,
        "object": "payslip",
        "shift_id": payslip.shift_id,
        "engagement_id": payslip.engagement_id,
        "worker_id": payslip.worker_id,
        "employer_id": payslip.employer_id,
        "day": payslip.day.isoformat(),
        "paid_on": payslip.paid_on.isoformat(),
        "currency": payslip.currency,
        "gross": payslip.gross,
        "withheld": payslip.withheld,
        "net": payslip.net,
        "employer_cost": payslip.employer_cost,
        "pay": payslip.pay,
        "deductions": payslip.deductions,
        "employer_items": payslip.employer_items,
        "payout_id": payslip.payout_id,
        "corrects_id": payslip.corrects_id,
        "correction_reason": payslip.correction_reason,
        "test_clock": payslip.test_clock_id,
        "created_at": payslip.created_at.isoformat() if payslip.created_at else None,
    }
