"""Exports: every payslip of a date range as CSV, and the monthly withholding report.

- `export_payslips`: one CSV row per payslip paid (`paid_on`, the tenant's calendar) in
  `[first, last]`, corrections included (`corrects_id` shows the chain), ordered by
  `(paid_on, id)`. Streamed: rows are read from a server-side cursor in chunks while the
  response is sent (`core.streaming`), so memory does not grow with the range.
- `withholding_report`: per worker and currency, the income (gross) and IIT withheld of the
  payslips *in force* paid in a month, for the monthly tax filing. A payslip that a later
  one corrects no longer counts; its correction counts, in the month it was paid. Summed
  by the database, so its size is the number of workers, not of payslips.

CSV: UTF-8 with a byte-order mark (spreadsheet programs then read Chinese correctly), a
header row of the column names below (stable: new columns are only ever appended),
`\\r\\n` line ends (RFC 4180), amounts as decimal strings in major units (`280.00` CNY,
`28000` JPY). A text cell that a spreadsheet would take for a formula (starting with `=`,
`+`, `-`, `@`, a tab or a carriage return) gets a leading `'` (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import streaming
from app.core import time as clock
from app.core.money import exponent
from app.parties import service as parties
from app.payslips import statements
from app.payslips.models import Payslip
from app.payslips.records import in_force

BOM = "\ufeff"
MAX_DAYS = 366  # a range of at most a (leap) year, both ends included
# YYYY-MM from 0001-01 (no year 0000)

PAYSLIP_COLUMNS = (
    "id",
    "shift_id",
    "engagement_id",
    "worker_id",
    "worker_name",
    "worker_id_card_masked",
    "employer_id",
    "employer_name",
    "day",
    "paid_on",
    "currency",
    "gross",
    "withheld",
    "net",
    "employer_cost",
    "basis",
    "payout_id",
    "corrects_id",
    "correction_reason",
    "created_at",
)
WITHHOLDING_COLUMNS = (
    "month",
    "worker_id",
    "worker_name",
    "worker_id_card_masked",
    "currency",
    "income",
    "tax_withheld",
    "payslips",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def major(amount: int, currency: str) -> str:
    """Minor units as a decimal string in major units: 28000 CNY -> `280.00`."""
    return f"{Decimal(amount).scaleb(-exponent(currency)):f}"


def cell(text: str | None) -> str:
    """A text cell no spreadsheet runs as a formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def export_payslips(session: Session, *, first: dt.date, last: dt.date) -> Iterator[bytes]:
    """The CSV of the payslips paid in `[first, last]`, read as it is sent (the caller
    has checked the range: `first <= last`, at most `MAX_DAYS` days)."""
    statement = (
        select(
            Payslip.id,
            Payslip.shift_id,
            Payslip.engagement_id,
            Payslip.worker_id,
            Payslip.employer_id,
            Payslip.day,
            Payslip.paid_on,
            Payslip.currency,
            Payslip.gross,
            Payslip.withheld,
            Payslip.net,
            Payslip.employer_cost,
            Payslip.pay["basis"].as_string().label("basis"),
            Payslip.payout_id,
            Payslip.corrects_id,
            Payslip.correction_reason,
            Payslip.created_at,
        )
        .where(Payslip.paid_on >= first, Payslip.paid_on <= last)
        .order_by(Payslip.paid_on, Payslip.id)
    )

    def produce(reader: Session) -> Iterator[bytes]:
        yield _lines([PAYSLIP_COLUMNS], bom=True)
        for rows in streaming.chunks(reader, statement):
            workers = parties.get_workers(reader, {r.worker_id for r in rows})
            employers = parties.get_employers(reader, {r.employer_id for r in rows})
            yield _lines(_payslip_row(r, workers[r.worker_id], employers) for r in rows)
            reader.expunge_all()  # nothing of one chunk is kept for the next

    return streaming.later(session, produce)


def _payslip_row(row: Any, worker: Any, employers: dict[str, Any]) -> list[str]:
    employer = employers.get(row.employer_id)
    return [
        row.id,
        row.shift_id,
        row.engagement_id,
        row.worker_id,
        cell(worker.name),
        worker.id_card_masked,
        row.employer_id,
        cell(employer.name if employer else None),
        row.day.isoformat(),
        row.paid_on.isoformat(),
        row.currency,
        major(row.gross, row.currency),
        major(row.withheld, row.currency),
        major(row.net, row.currency),
        major(row.employer_cost, row.currency),
        row.basis or "",
        row.payout_id or "",
        row.corrects_id or "",
        cell(row.correction_reason),
        clock.ensure_utc(row.created_at).isoformat().replace("+00:00", "Z"),
    ]


def _lines(rows: Iterable[Sequence[str]], *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class WithholdingReport:
    month: str
    data: list[dict[str, Any]]
    object: str = "list"


def withholding_report(session: Session, *, month: str) -> WithholdingReport:
    """Per worker and currency: income and tax withheld on the payslips in force paid in
    `month` (`YYYY-MM`, not after the tenant's current month), ordered by worker id."""
    first, after, _complete = statements.month_of(session, month)
    rows = session.execute(
        select(
            Payslip.worker_id,
            Payslip.currency,
            func.sum(Payslip.gross).label("income"),
            func.sum(Payslip.withheld).label("tax_withheld"),
            func.count().label("payslips"),
        )
        .where(Payslip.paid_on >= first, Payslip.paid_on < after, in_force())
        .group_by(Payslip.worker_id, Payslip.currency)
        .order_by(Payslip.worker_id, Payslip.currency)
    ).all()
    workers = parties.get_workers(session, {r.worker_id for r in rows})
    data = [
        {
            "worker_id": r.worker_id,
            "worker_name": workers[r.worker_id].name,
            "worker_id_card_masked": workers[r.worker_id].id_card_masked,
            "currency": r.currency,
            "income": int(r.income),
            "tax_withheld": int(r.tax_withheld),
            "payslips": int(r.payslips),
        }
        for r in rows
    ]
    return WithholdingReport(month, data)


def withholding_csv(report: WithholdingReport) -> Iterator[bytes]:
    """The report as CSV (`WITHHOLDING_COLUMNS`)."""
    yield _lines([WITHHOLDING_COLUMNS], bom=True)
    yield _lines(
        [
            report.month,
            r["worker_id"],
            cell(r["worker_name"]),
            r["worker_id_card_masked"],
            r["currency"],
            major(r["income"], r["currency"]),
            major(r["tax_withheld"], r["currency"]),
            str(r["payslips"]),
        ]
        for r in report.data
    )
