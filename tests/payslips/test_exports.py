"""The payslip export and the withholding report over HTTP, on both databases.

The seed's worker (陈伟) and employer (狮岭皮具厂) work 280.00 CNY days in March 2027;
figures in fen. Withholding on the month's cumulative income: 0.00, 0.00, 8.00, 56.00...
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from sqlalchemy import text

from app.core.ids import new_id
from app.payslips.exports import PAYSLIP_COLUMNS, WITHHOLDING_COLUMNS
from app.payslips.models import Payslip
from tests.helpers import ApiClient, TenantHandle, assert_problem, database, new_tenant
from tests.money.conftest import make_money
from tests.work.conftest import MARCH, Day, at

BOM = b"\xef\xbb\xbf"
EXPORT = "/v1/payslips/export"


def _work(day: Day, days: list[dt.date]) -> list[dict[str, Any]]:
    """Engage the seed's worker for `days`, clock in and out each: the payslips."""
    engagement = day.engage([{"day": d} for d in days])
    assert engagement.status_code == 201, engagement.json
    slips = []
    for shift, d in zip(day.shifts(engagement.json["id"]), days, strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
        slips.append(day.payslip(shift))
    return slips


def _rows(resp: Any) -> list[dict[str, str]]:
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "text/csv" and resp.mimetype_params["charset"] == "utf-8"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=")
    raw = resp.get_data()
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def _correct(app: Any, tenant_id: str, original: dict[str, Any], gross: int) -> str:
    """A correction of `original` written directly (the correction service comes later):
    the same shift, `corrects_id` naming it, nothing withheld."""
    with database(app).unit_of_work(tenant_id=tenant_id) as session:
        correction = Payslip(
            id=new_id("pys"),
            shift_id=original["shift_id"],
            engagement_id=original["engagement_id"],
            worker_id=original["worker_id"],
            employer_id=original["employer_id"],
            day=dt.date.fromisoformat(original["day"]),
            paid_on=dt.date.fromisoformat(original["paid_on"]) + dt.timedelta(days=10),
            currency="CNY",
            gross=gross,
            withheld=0,
            net=gross,
            employer_cost=gross,
            pay={"basis": "daily"},
            deductions=[],
            employer_items=[],
            corrects_id=original["id"],
            correction_reason="=1+1 hours were wrong",
        )
        session.add(correction)
        session.flush()
        return correction.id


def test_the_export_lists_every_payslip_paid_in_the_range(day: Day) -> None:
    slips = _work(day, [MARCH + dt.timedelta(days=i) for i in (1, 2, 3)])
    rows = _rows(day.api.get(f"{EXPORT}?from=2027-03-01&to=2027-03-31"))
    assert tuple(rows[0]) == PAYSLIP_COLUMNS
    assert [r["id"] for r in rows] == [s["id"] for s in slips]  # by paid_on, then id
    first = rows[0]
    assert first["worker_name"] == "陈伟" and first["employer_name"] == "狮岭皮具厂"
    assert first["worker_id_card_masked"].count("*") == 10
    assert (first["day"], first["paid_on"], first["currency"]) == (
        "2027-03-02",
        "2027-03-02",
        "CNY",
    )
    assert [(r["gross"], r["withheld"], r["net"]) for r in rows] == [
        ("280.00", "0.00", "280.00"),
        ("280.00", "0.00", "280.00"),
        ("280.00", "8.00", "272.00"),
    ]
    assert {r["basis"] for r in rows} == {"daily"}
    assert [r["payout_id"] for r in rows] == [s["payout_id"] for s in slips]
    assert all(r["created_at"].endswith("Z") and r["corrects_id"] == "" for r in rows)
    # both ends included; days outside left out
    only = _rows(day.api.get(f"{EXPORT}?from=2027-03-03&to=2027-03-03"))
    assert [r["id"] for r in only] == [slips[1]["id"]]
    assert _rows(day.api.get(f"{EXPORT}?from=2027-04-01&to=2027-04-30")) == []


def test_the_report_sums_the_payslips_in_force(day: Day, app: Any, tenant: TenantHandle) -> None:
    """Five days (0, 0, 8.00, 56.00, 56.00 withheld); the first day's payslip is then
    corrected to 250.00: the report counts the correction, not the payslip it replaces;
    the export lists both."""
    slips = _work(day, [MARCH + dt.timedelta(days=i) for i in range(1, 6)])
    corrected = _correct(app, tenant.id, slips[0], 25_000)
    report = day.api.get("/v1/reports/withholding/2027-03")
    assert report.status_code == 200, report.json
    assert report.json["object"] == "list" and report.json["month"] == "2027-03"
    (line,) = report.json["data"]
    assert line["worker_id"] == day.money.worker_id and line["worker_name"] == "陈伟"
    assert (line["currency"], line["payslips"]) == ("CNY", 5)
    assert (line["income"], line["tax_withheld"]) == (4 * 28_000 + 25_000, 12_000)
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        in_force = session.execute(
            text(
                "SELECT count(*), sum(gross), sum(withheld) FROM payslips p"
                " WHERE tenant_id = :t AND paid_on BETWEEN '2027-03-01' AND '2027-03-31'"
                " AND NOT EXISTS (SELECT 1 FROM payslips c"
                "  WHERE c.tenant_id = p.tenant_id AND c.corrects_id = p.id)"
            ),
            {"t": tenant.id},
        ).one()
    assert tuple(in_force) == (line["payslips"], line["income"], line["tax_withheld"])

    rows = _rows(day.api.get("/v1/reports/withholding/2027-03/export"))
    assert [tuple(r) for r in rows][:1] == [WITHHOLDING_COLUMNS]
    assert [list(r.values()) for r in rows] == [
        [
            "2027-03",
            day.money.worker_id,
            "陈伟",
            line["worker_id_card_masked"],
            "CNY",
            "1370.00",
            "120.00",
            "5",
        ]
    ]
    exported = _rows(day.api.get(f"{EXPORT}?from=2027-03-01&to=2027-03-31"))
    assert len(exported) == 6
    correction = next(r for r in exported if r["id"] == corrected)
    assert correction["corrects_id"] == slips[0]["id"] and correction["gross"] == "250.00"
    assert correction["correction_reason"] == "'=1+1 hours were wrong"  # no formula


def test_a_month_without_payslips_and_the_current_month(day: Day) -> None:
    assert day.api.get("/v1/reports/withholding/2027-02").json["data"] == []
    assert day.api.get("/v1/reports/withholding/2027-03").status_code == 200  # begun
    rows = day.api.get("/v1/reports/withholding/2027-02/export").get_data()
    assert rows == BOM + ",".join(WITHHOLDING_COLUMNS).encode() + b"\r\n"


def test_another_tenants_payslips_never_appear(
    day: Day, app: Any, client: Any, other_tenant: TenantHandle
) -> None:
    mine = _work(day, [MARCH + dt.timedelta(days=1)])
    theirs_api = ApiClient(client, other_tenant.api_key)
    theirs = make_money(theirs_api, other_tenant)
    assert theirs.deposit(1_000_000).json["status"] == "succeeded"
    other = Day(theirs, day.clock)
    their_slips = _work(other, [MARCH + dt.timedelta(days=2)])
    for api, own, foreign in ((day.api, mine, their_slips), (theirs_api, their_slips, mine)):
        exported = api.get(f"{EXPORT}?from=2027-03-01&to=2027-03-31").get_data(as_text=True)
        reported = api.get("/v1/reports/withholding/2027-03").get_data(as_text=True)
        listed = api.get("/v1/reports/withholding/2027-03/export").get_data(as_text=True)
        for body in (exported, reported, listed):
            assert own[0]["worker_id"] in body
            for slip in foreign:
                assert slip["id"] not in body and slip["worker_id"] not in body
                assert slip["employer_id"] not in body


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2027-03-05&to=2027-03-01", "to"),  # from after to
        ("from=2027-03-01&to=2028-03-01", "to"),  # 367 days, both ends included
        ("from=2027-02-30&to=2027-03-01", "from"),  # no such day
        ("from=2027-3-1&to=2027-03-01", "from"),
        ("from=2027-03-01", "to"),
    ],
)
def test_the_export_refuses_a_bad_range(api: ApiClient, query: str, field: str) -> None:
    body = assert_problem(api.get(f"{EXPORT}?{query}"), 422, "validation_error")
    assert body["param"] == field and body["errors"][0]["location"] == "query"


def test_a_range_of_366_days_is_accepted(api: ApiClient) -> None:
    resp = api.get(f"{EXPORT}?from=2027-03-01&to=2028-02-29")  # 2028 is a leap year: 366 days
    assert (
        resp.status_code == 200
        and resp.get_data() == BOM + ",".join(PAYSLIP_COLUMNS).encode() + b"\r\n"
    )


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "0000-01", "2026-1", "march", "2027-04"])
def test_the_report_refuses_a_malformed_or_future_month(day: Day, month: str) -> None:
    """The clock is frozen in March 2027 (Asia/Shanghai): April has not begun."""
    for suffix in ("", "/export"):
        resp = day.api.get(f"/v1/reports/withholding/{month}{suffix}")
        body = assert_problem(resp, 422, "validation_error")
        assert body["param"] == "month" and body["errors"][0]["location"] == "path"


def test_the_month_begins_in_the_tenants_time_zone(day: Day) -> None:
    """2027-03-31T16:30Z is already April in Shanghai."""
    day.clock.set(at(MARCH + dt.timedelta(days=31), 0, 30))
    assert day.api.get("/v1/reports/withholding/2027-04").status_code == 200


def test_exports_need_payslips_read(app: Any, client: Any) -> None:
    tenant = new_tenant(app)
    narrow = ApiClient(client, tenant.key(["parties:read"]))
    for path in (f"{EXPORT}?from=2027-03-01&to=2027-03-31", "/v1/reports/withholding/2026-01"):
        assert_problem(narrow.get(path), 403, "insufficient_scope")
    reader = ApiClient(client, tenant.key(["payslips:read"]))
    assert reader.get(f"{EXPORT}?from=2026-01-01&to=2026-01-31").status_code == 200
