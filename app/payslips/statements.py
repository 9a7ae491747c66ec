"""Monthly statements: a worker's month across the tenant's employers, and an employer's
month reconciled to the ledger.

- **Worker** (`worker_statement`): per employer and currency, the payslips in force paid in
  the month (the tenant's calendar): days worked, gross, IIT withheld, net, and how much of
  the net has been paid out (`paid`: the payouts of the month's payslips that are paid,
  corrections' included) or is on its way (`pending`); totals per currency, and the year to
  date up to the month's end.
- **Employer** (`employer_statement`): per currency, the escrow (available and held
  together) at the month's opening and closing instants, and what moved it in between,
  read from the ledger: deposits, refunds, and the releases that paid wages (net to the
  workers), tax withheld and platform fees (premiums: insurance, when it books any).
  `opening + deposits - refunds - wages - tax - fees - premiums + other = closing` to the
  fen (`difference` is what the ledger shows against that sum: 0). The month's payslips are
  set beside it: their net, tax and fees equal the ledger's releases for them
  (`reconciled`), unless escrow was released outside the day of work (`other_releases`).

A month is `YYYY-MM`, not after the tenant's current month (which is reported as far as
it has gone: `complete: false`), whose first and last instants a date-time can hold in the
tenant's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.errors import ValidationFailed, field_error
from app.core.schemas import MONTH_PATTERN
from app.core.tenancy import tenant_of
from app.ledger import service as ledger
from app.parties import service as parties
from app.payouts import service as payouts
from app.payslips.models import Payslip, StatementMonth
from app.payslips.records import in_force, platform_fee

ESCROW_KINDS = ("employer_escrow", "employer_held")
RELEASED_TO = {  # what a release credits, by account kind, and the statement's line
    "worker_payable": "wages",
    "tax_withheld_payable": "tax_withheld",
    "platform_fees": "fees",
    "insurance_premiums": "premiums",
}


def month_of(session: Session, month: str) -> tuple[dt.date, dt.date, bool]:
    """`[first, after)` of a `YYYY-MM` month and whether it is over; 422 on `month` for a
    malformed month or one after the tenant's current month."""
    found = re.fullmatch(MONTH_PATTERN, month or "")
    problem = None if found else "A month as YYYY-MM, e.g. 2027-03."
    if problem is None:
        first, after = clock.month_bounds(dt.date(int(month[:4]), int(month[5:7]), 1))
        today = clock.local_day(session)
        if first > today:
            problem = f"Not after the current month ({today:%Y-%m})."
        elif not _instants(session, first, after):
            problem = "Out of the supported range of months."
    if problem is not None:
        raise ValidationFailed(problem, errors=[field_error("month", problem, "path")])
    return first, after, after <= today


def _instants(session: Session, first: dt.date, after: dt.date) -> bool:
    """Whether the month's opening and closing instants exist (0001-01 in a zone east of
    UTC opens before the first instant a date-time can hold)."""
    try:
        clock.day_bounds(session, first), clock.day_bounds(session, after)
    except OverflowError:
        return False
    return True


def worker_statement(session: Session, *, worker_id: str, month: str) -> dict[str, Any]:
    worker = parties.get_worker(session, worker_id)  # 404 for another tenant's
    first, after, complete = month_of(session, month)
    slips = list(
        session.scalars(
            select(Payslip)
            .where(Payslip.worker_id == worker_id, Payslip.paid_on >= first.replace(month=1))
            .where(Payslip.paid_on < after)
            .order_by(Payslip.paid_on, Payslip.id)
        )
    )
    current = {s.id for s in slips} - {s.corrects_id for s in slips if s.corrects_id}
    paid = payouts.paid_amounts(
        session, [s.payout_id for s in slips if s.payout_id and s.paid_on >= first]
    )
    names = {
        e.id: e.name
        for e in parties.get_employers(session, {s.employer_id for s in slips}).values()
    }
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    totals: dict[str, dict[str, Any]] = {}
    year: dict[str, dict[str, Any]] = {}
    for slip in slips:
        if slip.id in current:
            _count(year.setdefault(slip.currency, _row(slip.currency)), slip)
        if slip.paid_on < first:
            continue
        row = rows.setdefault((slip.currency, slip.employer_id), _row(slip.currency))
        row.setdefault("employer", {"id": slip.employer_id, "name": names[slip.employer_id]})
        for target in (row, totals.setdefault(slip.currency, _row(slip.currency))):
            target["paid"] += paid.get(slip.payout_id or "", 0)  # corrections' payouts too
            if slip.id in current:
                _count(target, slip)
    for target in (*rows.values(), *totals.values()):
        target["days"] = len(target["days"])
        target["pending"] = target["net"] - target["paid"]
    for target in year.values():
        for figure in ("days", "paid"):
            del target[figure]
    return {
        "object": "worker_statement",
        "month": month,
        "complete": complete,
        "worker": {
            "id": worker.id,
            "name": worker.name,
            "id_card_masked": worker.id_card_masked,
        },
        "employers": [rows[k] for k in sorted(rows)],
        "totals": [totals[c] for c in sorted(totals)],
        "year_to_date": [year[c] for c in sorted(year)],
    }


def employer_statement(session: Session, *, employer_id: str, month: str) -> dict[str, Any]:
    employer = parties.get_employer(session, employer_id)  # 404 for another tenant's
    first, after, complete = month_of(session, month)
    start, end = clock.day_bounds(session, first)[0], clock.day_bounds(session, after)[0]
    accounts: dict[str, list[str]] = defaultdict(list)
    for account in ledger.list_accounts(session, limit=100, owner_id=employer_id).data:
        if account.kind in ESCROW_KINDS:
            accounts[account.currency].append(account.id)
    slips = _payslip_sums(session, employer_id, first, after)
    currencies = []
    for currency in sorted(set(accounts) | set(slips)):
        flows = ledger.flows(session, accounts.get(currency, []), start, end)
        currencies.append(_reconcile(currency, flows, slips.get(currency, _payslip_row())))
    return {
        "object": "employer_statement",
        "month": month,
        "complete": complete,
        "employer": {"id": employer.id, "name": employer.name},
        "period": {"start": start, "end": end},
        "currencies": currencies,
    }


# --- internals ----------------------------------------------------------------------------


def _row(currency: str) -> dict[str, Any]:
    figures = dict.fromkeys(("payslips", "gross", "withheld", "net", "paid"), 0)
    return {"currency": currency, "days": set(), **figures}


def _count(row: dict[str, Any], slip: Payslip) -> None:
    row["payslips"] += 1
    row["days"].add(slip.day)
    for figure in ("gross", "withheld", "net"):
        row[figure] += getattr(slip, figure)


def _payslip_row() -> dict[str, int]:
    return dict.fromkeys(("payslips", "gross", "withheld", "net", "fees"), 0)


def _payslip_sums(
    session: Session, employer_id: str, first: dt.date, after: dt.date
) -> dict[str, dict[str, int]]:
    """Per currency: the month's payslips in force, their gross, tax, net and fees."""
    sums: dict[str, dict[str, int]] = defaultdict(_payslip_row)
    for slip in session.scalars(
        select(Payslip)
        .where(Payslip.employer_id == employer_id, Payslip.paid_on >= first)
        .where(Payslip.paid_on < after, in_force())
    ):
        row = sums[slip.currency]
        row["payslips"] += 1
        for figure in ("gross", "withheld", "net"):
            row[figure] += getattr(slip, figure)
        row["fees"] += platform_fee(slip)
    return sums


def _reconcile(currency: str, flows: ledger.Flows, slips: dict[str, int]) -> dict[str, Any]:
    lines = dict.fromkeys(("deposits", "refunds", *RELEASED_TO.values(), "other"), 0)
    for move in flows.movements:
        if move.source_type == "escrow_deposit":
            lines["deposits"] += move.change
        elif move.source_type == "escrow_refund":
            lines["refunds"] -= move.change
        elif move.source_type == "escrow_release":
            for kind, amount in move.others.items():
                lines[RELEASED_TO.get(kind, "other")] += amount if kind in RELEASED_TO else -amount
        else:  # holds move money between escrow and held: 0 here; anything else shows
            lines["other"] += move.change
    expected = (
        flows.opening
        + lines["deposits"]
        - lines["refunds"]
        + lines["other"]
        - sum(lines[line] for line in RELEASED_TO.values())
    )
    released = {"wages": slips["net"], "tax_withheld": slips["withheld"], "fees": slips["fees"]}
    return {
        "currency": currency,
        "opening_escrow": flows.opening,
        **lines,
        "closing_escrow": flows.closing,
        "difference": flows.closing - expected,
        "payslips": slips,
        "other_releases": {k: lines[k] - v for k, v in released.items()},
        "reconciled": flows.closing == expected and all(lines[k] == v for k, v in released.items()),
    }


# --- announcing closed months ---------------------------------------------------------------

READY = events.declare(
    "statement.ready",
    "A month closed in your calendar and its statement is final: one event per worker and per "
    "employer paid that month. `data.object`: `{object: statement, kind: worker|employer, "
    "worker_id|employer_id, month, url}` (the statement's path).",
)
LOOK_BACK = 12  # months a catch-up sweep walks back at most


def announce_closed_months(session: Session) -> int:
    """Announce the statements of every closed month not yet announced, newest first,
    stopping at the newest one that was (see `jobs`). Returns how many were announced."""
    month = clock.local_day(session).replace(day=1)
    announced = 0
    for _ in range(LOOK_BACK):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        name = f"{month:%Y-%m}"
        if session.get(StatementMonth, (tenant_of(session), name)) is not None:
            break
        parties_paid = session.execute(
            select(Payslip.worker_id, Payslip.employer_id)
            .where(Payslip.paid_on >= month, Payslip.paid_on < clock.month_bounds(month)[1])
            .where(in_force())
            .distinct()
        ).all()
        ready = sorted({("worker", row.worker_id) for row in parties_paid}) + sorted(
            {("employer", row.employer_id) for row in parties_paid}
        )
        session.add(StatementMonth(month=name, statements=len(ready)))
        session.flush()  # a concurrent sweep of the same month fails here, before any event
        with events.held_back(session):
            for kind, party in ready:
                events.record(session, type=READY, data={"object": _ready(kind, party, name)})
        announced += len(ready)
    return announced


def _ready(kind: str, party_id: str, month: str) -> dict[str, str]:
    collection = "workers" if kind == "worker" else "employers"
    return {
        "object": "statement",
        "kind": kind,
        f"{kind}_id": party_id,
        "month": month,
        "url": f"/v1/{collection}/{party_id}/statements/{month}",
    }
