"""Monthly statements over HTTP, on both databases: the worker's month across employers and
the employer's month reconciled to the ledger, to the fen.

Figures in fen. The employer (A) deposited 100,000.00 on 1 March at 06:00 (the `day`
fixture).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from typing import Any

import pytest
from pdfminer.high_level import extract_text

from app.core import schedule
from tests.helpers import ApiClient, database
from tests.money.conftest import employer_body
from tests.work.conftest import MARCH, Day, at

DEPOSIT = 10_000_000


def _settle(day: Day, days: list[dt.date], **body: Any) -> list[dict[str, Any]]:
    engagement = day.engage([{"day": d} for d in days], **body)
    assert engagement.status_code == 201, engagement.json
    shifts = day.shifts(engagement.json["id"])
    for shift, d in zip(shifts, days, strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
    return shifts


def test_the_seed_month_on_the_workers_and_the_employers_statements(day: Day) -> None:
    """25 days at 280.00 from employer A (withheld 1,120.00, net 5,880.00 as in
    tests/work/test_day.py), 2 days at 300.00 from employer B with a 5% platform fee (the
    month's first 600.00 from B: nothing withheld). A refund of 1,000.00 to A mid-month.

    Worker: A 25 days, gross 7,000.00, withheld 1,120.00, net 5,880.00; B 2 days, gross
    600.00, net 600.00; totals 27 days, 7,600.00 / 1,120.00 / 6,480.00, all paid.
    A's month: opening 0; deposits 100,000.00; refunds 1,000.00; wages 5,880.00; tax
    1,120.00; fees 0; closing 100,000.00 - 1,000.00 - 7,000.00 = 92,000.00; difference 0;
    reconciled.
    B's month: deposit 10,000.00 in March; wages 600.00, fees 30.00; closing 9,370.00."""
    days = [MARCH + dt.timedelta(days=i) for i in range(1, 26)]
    _settle(day, days[:10])
    day.clock.set(at(days[10], 6))
    assert (
        day.money.post(
            "/v1/escrow/refunds",
            {"employer_id": day.money.employer_id, "amount": 100_000, "currency": "CNY"},
        ).status_code
        == 201
    )
    _settle(day, days[10:])
    other = day.api.post("/v1/employers", employer_body()).json["id"]
    assert day.money.deposit(1_000_000, employer_id=other).json["status"] == "succeeded"
    b_days = [MARCH + dt.timedelta(days=26), MARCH + dt.timedelta(days=27)]
    b = day.engage(
        [{"day": d} for d in b_days],
        employer_id=other,
        pay={"basis": "daily", "rate": "300"},
        fee={"type": "percent", "percent": "5"},
    )
    assert b.status_code == 201, b.json
    for shift, d in zip(day.shifts(b.json["id"]), b_days, strict=True):
        day.clock_in(shift["id"], at(d, 7))
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200

    worker = day.api.get(f"/v1/workers/{day.money.worker_id}/statements/2027-03")
    assert worker.status_code == 200, worker.json
    statement = worker.json
    assert statement["complete"] is False  # the frozen clock is still in March
    by_employer = {r["employer"]["id"]: r for r in statement["employers"]}
    a = by_employer[day.money.employer_id]
    assert (a["days"], a["gross"], a["withheld"], a["net"], a["paid"], a["pending"]) == (
        25,
        700_000,
        112_000,
        588_000,
        588_000,
        0,
    )
    bb = by_employer[other]
    assert (bb["days"], bb["gross"], bb["withheld"], bb["net"]) == (2, 60_000, 0, 60_000)
    (total,) = statement["totals"]
    assert (total["days"], total["gross"], total["withheld"], total["net"]) == (
        27,
        760_000,
        112_000,
        648_000,
    )
    assert statement["year_to_date"] == [
        {"currency": "CNY", "payslips": 27, "gross": 760_000, "withheld": 112_000, "net": 648_000}
    ]

    a_month = _month(day.api, day.money.employer_id)
    assert a_month["opening_escrow"] == 0
    assert (a_month["deposits"], a_month["refunds"]) == (DEPOSIT, 100_000)
    assert (a_month["wages"], a_month["tax_withheld"], a_month["fees"]) == (588_000, 112_000, 0)
    assert a_month["closing_escrow"] == DEPOSIT - 100_000 - 700_000 == 9_200_000
    assert a_month["difference"] == 0 and a_month["reconciled"] is True
    assert a_month["payslips"] == {
        "payslips": 25,
        "gross": 700_000,
        "withheld": 112_000,
        "net": 588_000,
        "fees": 0,
    }
    escrow = day.api.get(f"/v1/employers/{day.money.employer_id}/escrow").json
    assert escrow["total"] == a_month["closing_escrow"]  # the ledger's balance, to the fen

    b_month = _month(day.api, other)
    assert (b_month["opening_escrow"], b_month["deposits"]) == (0, 1_000_000)
    assert (b_month["wages"], b_month["fees"]) == (60_000, 3_000)
    assert b_month["closing_escrow"] == 1_000_000 - 63_000 and b_month["reconciled"] is True
    assert day.money.audit() == []


def test_a_month_is_closed_once_over_and_earlier_months_open_at_the_right_balance(
    day: Day,
) -> None:
    _settle(day, [MARCH + dt.timedelta(days=1)])
    day.clock.set(at(dt.date(2027, 4, 3), 9))
    march = _month(day.api, day.money.employer_id, "2027-03", complete=True)
    april = _month(day.api, day.money.employer_id, "2027-04", complete=False)
    assert april["opening_escrow"] == march["closing_escrow"] == DEPOSIT - 28_000
    assert april["wages"] == 0 and april["reconciled"] is True
    february = _month(day.api, day.money.employer_id, "2027-02", complete=True)
    assert february["closing_escrow"] == 0 and february["deposits"] == 0  # deposited 1 March
    assert march["deposits"] == DEPOSIT and march["wages"] == 28_000
    worker = day.api.get(f"/v1/workers/{day.money.worker_id}/statements/2027-04").json
    assert worker["employers"] == [] and worker["year_to_date"][0]["gross"] == 28_000


@pytest.mark.parametrize(
    "month", ["2027-13", "2027-00", "27-03", "2027-3", "2027-03-01", "abcd-ef", "2028-01"]
)
def test_a_bad_or_future_month_is_refused_naming_it(day: Day, month: str) -> None:
    for path in (
        f"/v1/workers/{day.money.worker_id}/statements/{month}",
        f"/v1/employers/{day.money.employer_id}/statements/{month}",
    ):
        answer = day.api.get(path)
        assert answer.status_code == 422, (path, answer.json)
        assert [e["field"] for e in answer.json["errors"]] == ["month"]


def test_another_tenants_worker_or_employer_is_not_found(
    day: Day, client: Any, other_tenant: Any
) -> None:
    other = ApiClient(client, other_tenant.api_key)
    for path in (
        f"/v1/workers/{day.money.worker_id}/statements/2027-03",
        f"/v1/employers/{day.money.employer_id}/statements/2027-03",
    ):
        assert other.get(path).status_code == 404


def _month(
    api: ApiClient, employer_id: str, month: str = "2027-03", complete: bool | None = None
) -> dict[str, Any]:
    answer = api.get(f"/v1/employers/{employer_id}/statements/{month}")
    assert answer.status_code == 200, answer.json
    if complete is not None:
        assert answer.json["complete"] is complete
    (found,) = answer.json["currencies"]
    return dict(found)


def test_statement_ready_is_announced_once_for_each_party_of_a_closed_month(
    day: Day, tenant: Any, app: Any
) -> None:
    """A worker paid by two employers in March: on 1 April (the tenant's calendar) the
    hourly sweep announces three statements of March (the worker, each employer); running
    it again announces nothing. A month without payslips is closed with none. Skipping
    April and May, on 3 June the sweep catches up April (one worker, one employer) and May
    (none)."""

    _settle(day, [MARCH + dt.timedelta(days=1)])
    other = day.api.post("/v1/employers", employer_body()).json["id"]
    assert day.money.deposit(1_000_000, employer_id=other).json["status"] == "succeeded"
    _settle(day, [MARCH + dt.timedelta(days=2)], employer_id=other)

    def sweep() -> int:
        return schedule.run(database(app), schedule.get("statements.ready"), tenant_id=tenant.id)

    def ready() -> list[dict[str, Any]]:
        page = day.api.get("/v1/events?type=statement.ready&limit=100").json["data"]
        return [e["data"]["object"] for e in page]

    assert sweep() == 0 and ready() == []  # March is still open; February had nothing
    day.clock.set(at(dt.date(2027, 4, 1), 0, 5))
    assert sweep() == 3
    announced = ready()
    assert sorted((o["kind"], o.get("worker_id") or o.get("employer_id")) for o in announced) == [
        ("employer", day.money.employer_id),
        ("employer", other),
        ("worker", day.money.worker_id),
    ]
    assert {o["month"] for o in announced} == {"2027-03"}
    for o in announced:
        assert day.api.get(o["url"]).status_code == 200, o["url"]
    assert sweep() == 0 and len(ready()) == 3  # once

    _settle(day, [dt.date(2027, 4, 2)])
    day.clock.set(at(dt.date(2027, 6, 3), 9))
    assert sweep() == 2  # April's worker and employer; May: none
    assert sorted(o["month"] for o in ready()) == ["2027-03"] * 3 + ["2027-04"] * 2


def test_the_workers_statement_as_pdf_in_both_languages(day: Day) -> None:
    """Two days at 280.00 in March: the PDF shows the month's line and the year to date; the
    hash header is the SHA-256 of the statement's JSON; a closed month renders the same
    bytes every time."""
    _settle(day, [MARCH + dt.timedelta(days=1), MARCH + dt.timedelta(days=2)])
    day.clock.set(at(dt.date(2027, 4, 2), 9))
    path = f"/v1/workers/{day.money.worker_id}/statements/2027-03"
    first = day.api.get(f"{path}/document?locale=zh-CN")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    zh = re.sub(r"\s+", "", extract_text(io.BytesIO(first.data)))
    assert "劳务人员月度结算单2027-03" in zh
    assert "出勤2天；应发人民币560.00元，代扣个税人民币0.00元，实发人民币560.00元" in zh
    assert first.headers["Gigkit-Content-SHA256"] in zh
    statement = day.api.get(path).json
    canonical = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.headers["Gigkit-Content-SHA256"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert day.api.get(f"{path}/document?locale=zh-CN").data == first.data
    en = re.sub(
        r"\s+", "", extract_text(io.BytesIO(day.api.get(f"{path}/document?locale=en").data))
    )
    assert "Worker'sstatement2027-03" in en and "2payslips;grossCNY560.00" in en
    bad = day.api.get(f"/v1/workers/{day.money.worker_id}/statements/2027-13/document")
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "month"
