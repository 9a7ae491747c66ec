"""A worker's earnings in a month: what their payslips say, and how much of it has reached
them. Per currency: `gross`, `withheld` (IIT), `net`, `paid` (net whose payout is paid),
`pending` (net on its way: a payout pending, processing, failed awaiting a retry, or
returned), and how many payslips. A payslip belongs to the month it was paid in (the
tenant's calendar)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core import time as clock
from app.parties import service as parties
from app.payouts import service as payouts
from app.payslips import service as payslips


@dataclass(frozen=True)
class Earnings:
    worker_id: str
    month: str  # YYYY-MM
    totals: list[dict[str, Any]]


def earnings(session: Session, *, worker_id: str, month: str) -> Earnings:
    parties.get_worker(session, worker_id)  # 404 for another tenant's
    year, number = (int(part) for part in month.split("-"))
    first, after = clock.month_bounds(dt.date(year, number, 1))
    slips = payslips.of_worker(session, worker_id, first, after)
    status = payouts.statuses(session, [s.payout_id for s in slips if s.payout_id])
    totals: dict[str, dict[str, Any]] = defaultdict(
        lambda: dict.fromkeys(("payslips", "gross", "withheld", "net", "paid", "pending"), 0)
    )
    for slip in slips:
        row = totals[slip.currency]
        row["payslips"] += 1
        row["gross"] += slip.gross
        row["withheld"] += slip.withheld
        row["net"] += slip.net
        paid = slip.payout_id is None or status.get(slip.payout_id) == "paid"  # none: net 0
        row["paid" if paid else "pending"] += slip.net
    return Earnings(worker_id, month, [{"currency": c, **totals[c]} for c in sorted(totals)])
