"""A payslip as the API shows it: the record, with who was paid and by whom (the worker's ID
card masked), the payout's live status, whether a correction replaced it, and the
month-to-date and year-to-date totals *as of this payslip*.

As of this payslip: the payslips of the same worker from the same employer in the same
currency, written up to and including this one (in the order they were written), each
correction replacing the payslip it corrects. So the totals printed on a payslip never
change afterwards, whatever is written later, and the latest payslip's totals are the
month's and the year's so far. A page of payslips costs a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.pagination import Page
from app.parties import service as parties
from app.payouts import service as payouts
from app.payslips import records
from app.payslips.models import Payslip
from app.payslips.records import corrected_by, view

FIGURES = ("gross", "withheld", "net")
Group = tuple[str, str, str]  # worker, employer, currency


def get_payslip(session: Session, payslip_id: str) -> dict[str, Any]:
    return show_many(session, [records.get(session, payslip_id)])[0]


def list_payslips(session: Session, **query: Any) -> Page[dict[str, Any]]:
    page = records.list_payslips(session, **query)
    return Page(show_many(session, page.data), page.has_more, page.next_cursor)


def show_many(session: Session, slips: Sequence[Payslip]) -> list[dict[str, Any]]:
    """The payslips' API views, in a constant number of queries."""
    if not slips:
        return []
    workers = parties.get_workers(session, {s.worker_id for s in slips})
    employers = parties.get_employers(session, {s.employer_id for s in slips})
    status = payouts.statuses(session, [s.payout_id for s in slips if s.payout_id])
    replaced = corrected_by(session, [s.id for s in slips])
    totals = as_of(session, slips)
    shown = []
    for slip in slips:
        worker, employer = workers[slip.worker_id], employers[slip.employer_id]
        shown.append(
            {
                **view(slip),
                "day": slip.day,
                "paid_on": slip.paid_on,
                "basis": slip.pay.get("basis"),
                "worker": {
                    "id": worker.id,
                    "name": worker.name,
                    "id_card_masked": worker.id_card_masked,
                },
                "employer": {"id": employer.id, "name": employer.name},
                "payout": (
                    {"id": slip.payout_id, "status": status.get(slip.payout_id)}
                    if slip.payout_id
                    else None
                ),
                "corrected_by": replaced.get(slip.id),
                "status": "corrected" if slip.id in replaced else "in_force",
                **totals[slip.id],
            }
        )
    return shown


def as_of(session: Session, slips: Sequence[Payslip]) -> dict[str, dict[str, dict[str, int]]]:
    """Per payslip: `month_to_date` and `year_to_date` gross, withheld and net, as of it."""
    groups = {(s.worker_id, s.employer_id, s.currency) for s in slips}
    first = dt.date(min(s.paid_on.year for s in slips), 1, 1)
    after = dt.date(max(s.paid_on.year for s in slips) + 1, 1, 1)
    rows = session.execute(
        select(
            Payslip.id,
            Payslip.worker_id,
            Payslip.employer_id,
            Payslip.currency,
            Payslip.paid_on,
            Payslip.gross,
            Payslip.withheld,
            Payslip.net,
            Payslip.corrects_id,
        )
        .where(tuple_(Payslip.worker_id, Payslip.employer_id).in_({g[:2] for g in groups}))
        .where(Payslip.paid_on >= first, Payslip.paid_on < after)
        .order_by(Payslip.created_at, Payslip.id)
    ).all()
    wanted = {s.id for s in slips}
    found: dict[str, dict[str, dict[str, int]]] = {}
    seen: dict[str, Any] = {}
    sums: dict[tuple[Group, Any], dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for row in rows:
        group = (row.worker_id, row.employer_id, row.currency)
        if group not in groups:
            continue
        seen[row.id] = row
        month, year = clock.month_bounds(row.paid_on)[0], row.paid_on.year
        _add(sums[(group, month)], sums[(group, year)], row, +1)
        replaced = seen.get(row.corrects_id) if row.corrects_id else None
        if replaced is not None:  # a correction has its original's pay day: same month
            _add(sums[(group, month)], sums[(group, year)], replaced, -1)
        if row.id in wanted:
            found[row.id] = {
                "month_to_date": dict(sums[(group, month)]),
                "year_to_date": dict(sums[(group, year)]),
            }
    return found


def _add(month: dict[str, int], year: dict[str, int], row: Any, sign: int) -> None:
    for figure in FIGURES:
        month[figure] += sign * getattr(row, figure)
        year[figure] += sign * getattr(row, figure)
