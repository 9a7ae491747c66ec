"""Payslips over HTTP, on both databases: the seed's month read back payslip by payslip, and
corrections.

Figures in fen (1.00 CNY = 100). The worker works 25 days at 280.00 in March for one
employer; withholding per day as in tests/work/test_day.py (0, 0, 8.00, 56.00 x 11, 48.00,
44.80 x 10; month 1,120.00).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.helpers import ApiClient
from tests.work.conftest import MARCH, Day, at

WITHHELD = [0, 0, 800] + [5_600] * 11 + [4_800] + [4_480] * 10


def _work(day: Day, days: list[dt.date], **body: Any) -> list[dict[str, Any]]:
    engagement = day.engage([{"day": d} for d in days], **body)
    assert engagement.status_code == 201, engagement.json
    shifts = day.shifts(engagement.json["id"])
    for shift, d in zip(shifts, days, strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
    return [day.api.get(f"/v1/shifts/{s['id']}").json for s in shifts]


def _payslip(day: Day, shift: dict[str, Any]) -> dict[str, Any]:
    answer = day.api.get(f"/v1/payslips/{shift['payslip_id']}")
    assert answer.status_code == 200, answer.json
    return dict(answer.json)


def test_the_seed_month_reads_back_with_month_and_year_to_date(day: Day) -> None:
    """Each of the 25 payslips carries the month-to-date totals as of itself: payslip k has
    gross 280.00 x k and the withholding of days 1..k; year to date equals month to date
    (the year's first month of work). The list pages through all 25, newest first."""
    days = [MARCH + dt.timedelta(days=i) for i in range(1, 26)]
    shifts = _work(day, days)
    slips = [_payslip(day, s) for s in shifts]
    assert [s["withheld"] for s in slips] == WITHHELD
    for k, slip in enumerate(slips, start=1):
        expected = {
            "gross": 28_000 * k,
            "withheld": sum(WITHHELD[:k]),
            "net": 28_000 * k - sum(WITHHELD[:k]),
        }
        assert slip["month_to_date"] == expected, k
        assert slip["year_to_date"] == expected, k
    last = slips[-1]
    assert last["month_to_date"] == {"gross": 700_000, "withheld": 112_000, "net": 588_000}
    assert last["basis"] == "daily" and last["status"] == "in_force"
    assert last["worker"]["id"] == day.money.worker_id
    assert "*" in last["worker"]["id_card_masked"]
    assert last["employer"]["id"] == day.money.employer_id
    assert last["payout"] == {"id": last["payout_id"], "status": "paid"}
    assert last["corrects_id"] is None and last["corrected_by"] is None

    seen, cursor = [], ""
    while True:
        page = day.api.get(f"/v1/payslips?limit=10&worker_id={day.money.worker_id}{cursor}").json
        seen += [p["id"] for p in page["data"]]
        if not page["has_more"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert sorted(seen) == sorted(s["id"] for s in slips) and len(seen) == 25
    one_day = day.api.get(f"/v1/payslips?paid_from={days[4]}&paid_to={days[4]}").json["data"]
    assert [p["id"] for p in one_day] == [slips[4]["id"]]


def test_a_correction_replaces_the_payslip_and_keeps_the_next_days_withholding_right(
    day: Day,
) -> None:
    """Hourly 40.00/h, half hours started. Day 1: in 08:00, clock-out recorded at 18:00
    though the worker left at 20:00 (10 h = 400.00, nothing withheld). Day 2: 12 h = 480.00:
    the month so far 880.00, less the 800.00 deduction: 80.00 taxable, 16.00 withheld.

    Correcting day 1 to 20:00 (12 h = 480.00): the month in force is then day 2's 480.00
    (withheld 16.00) plus 480.00 = 960.00: 160.00 taxable, 32.00 tax, less the 16.00 already
    withheld: the correction withholds 16.00 (gross 480.00, net 464.00). The difference
    moved: gross +80.00, tax +16.00, net +64.00, paid out.

    Day 3 (12 h = 480.00): the rule sees the corrected month, 1,440.00 (not 1,360.00):
    640.00 taxable, 128.00 tax, less 32.00 withheld: 96.00. The month: gross 1,440.00,
    withheld 128.00, net 1,312.00 - exactly the tax on one payment of 1,440.00."""
    hourly = {"basis": "hourly", "rate": "40", "rounding": "half_hour_started"}
    d1, d2, d3 = (MARCH + dt.timedelta(days=i) for i in (1, 2, 3))
    engagement = day.engage(
        [
            {"day": d, "starts_at": at(d, 8).isoformat(), "ends_at": at(d, 20).isoformat()}
            for d in (d1, d2, d3)
        ],
        pay=hourly,
    )
    assert engagement.status_code == 201, engagement.json
    s1, s2, s3 = day.shifts(engagement.json["id"])
    day.clock_in(s1["id"], at(d1, 8))
    assert day.clock_out(s1["id"], at(d1, 18)).status_code == 200
    day.clock_in(s2["id"], at(d2, 8))
    assert day.clock_out(s2["id"], at(d2, 20)).status_code == 200
    first = _payslip(day, day.api.get(f"/v1/shifts/{s1['id']}").json)
    second = _payslip(day, day.api.get(f"/v1/shifts/{s2['id']}").json)
    assert (first["gross"], first["withheld"]) == (40_000, 0)
    assert (second["gross"], second["withheld"]) == (48_000, 1_600)
    available = day.money.escrow()["available"]

    fixed = day.money.post(
        f"/v1/payslips/{first['id']}/corrections",
        {"reason": "Left at 20:00; recorded at 18:00.", "clock_out_at": at(d1, 20).isoformat()},
    )
    assert fixed.status_code == 201, fixed.json
    correction = fixed.json
    assert correction["corrects_id"] == first["id"] and correction["status"] == "in_force"
    assert (correction["gross"], correction["withheld"], correction["net"]) == (
        48_000,
        1_600,
        46_400,
    )
    assert correction["pay"]["correction"] == {
        "gross": 8_000,
        "withheld": 1_600,
        "fee": 0,
        "net": 6_400,
        "paid_before": 40_000,
    }
    assert correction["deductions"][0]["month_to_date_income"] == 96_000
    payout = day.api.get(f"/v1/payouts/{correction['payout_id']}").json
    assert (payout["amount"], payout["status"]) == (6_400, "paid")
    assert day.money.escrow()["available"] == available - 8_000
    replaced = _payslip(day, {"payslip_id": first["id"]})
    assert replaced["status"] == "corrected" and replaced["corrected_by"] == correction["id"]
    assert (replaced["gross"], replaced["net"]) == (40_000, 40_000)  # immutable

    again = day.money.post(
        f"/v1/payslips/{first['id']}/corrections",
        {"reason": "twice", "clock_out_at": at(d1, 20).isoformat()},
    )
    assert again.status_code == 409 and again.json["code"] == "payslip_already_corrected"

    day.clock_in(s3["id"], at(d3, 8))
    assert day.clock_out(s3["id"], at(d3, 20)).status_code == 200
    third = _payslip(day, day.api.get(f"/v1/shifts/{s3['id']}").json)
    tax = third["deductions"][0]
    assert tax["month_to_date_income"] == 144_000  # 480 + 480 + 480: the correction counts
    assert tax["month_to_date_tax"] == 12_800 and tax["withheld_before"] == 3_200
    assert third["withheld"] == 9_600
    assert third["month_to_date"] == {"gross": 144_000, "withheld": 12_800, "net": 131_200}
    assert day.account("tax_withheld_payable", day.money.employer_id)["posted"] == 12_800
    types = [e["type"] for e in day.api.get("/v1/events?limit=100").json["data"]]
    assert "payslip.corrected" in types
    assert day.money.audit() == []


def test_a_correction_that_lowers_pay_is_refused_and_moves_nothing(day: Day) -> None:
    hourly = {"basis": "hourly", "rate": "40", "rounding": "half_hour_started"}
    d1 = MARCH + dt.timedelta(days=1)
    engagement = day.engage(
        [{"day": d1, "starts_at": at(d1, 8).isoformat(), "ends_at": at(d1, 20).isoformat()}],
        pay=hourly,
    )
    (shift,) = day.shifts(engagement.json["id"])
    day.clock_in(shift["id"], at(d1, 8))
    day.clock_out(shift["id"], at(d1, 20))
    slip = _payslip(day, day.api.get(f"/v1/shifts/{shift['id']}").json)
    available = day.money.escrow()["available"]
    for body, code, field in (
        ({"reason": "x", "clock_out_at": at(d1, 18).isoformat()}, "correction_lowers_pay", None),
        (
            {"reason": "x", "clock_out_at": at(d1, 7).isoformat()},
            "clock_time_invalid",
            "clock_out_at",
        ),
        ({"reason": "x"}, "validation_error", "clock_out_at"),
        ({"clock_out_at": at(d1, 21).isoformat()}, "validation_error", "reason"),
        (
            {"reason": "x", "clock_out_at": at(d1 + dt.timedelta(days=9), 1).isoformat()},
            "clock_time_invalid",
            "clock_out_at",
        ),
    ):
        answer = day.money.post(f"/v1/payslips/{slip['id']}/corrections", body)
        assert answer.json["code"] == code, (body, answer.json)
        if field:
            assert field in {e["field"] for e in answer.json["errors"]}, answer.json
    assert day.money.escrow()["available"] == available
    assert day.api.get(f"/v1/payslips/{slip['id']}").json["status"] == "in_force"


def test_a_payslip_of_a_closed_month_is_not_corrected(day: Day) -> None:
    d1 = MARCH + dt.timedelta(days=1)
    (shift,) = _work(day, [d1])
    slip = _payslip(day, shift)
    day.clock.set(at(dt.date(2027, 4, 2), 9))
    answer = day.money.post(
        f"/v1/payslips/{slip['id']}/corrections",
        {"reason": "late", "clock_out_at": at(d1, 21).isoformat()},
    )
    assert answer.status_code == 409 and answer.json["code"] == "payslip_month_closed"


def test_another_tenants_payslips_are_not_seen(day: Day, client: Any, other_tenant: Any) -> None:
    (shift,) = _work(day, [MARCH + dt.timedelta(days=1)])
    slip = _payslip(day, shift)
    other = ApiClient(client, other_tenant.api_key)
    assert other.get(f"/v1/payslips/{slip['id']}").status_code == 404
    assert other.get("/v1/payslips").json["data"] == []
    answer = other.post(
        f"/v1/payslips/{slip['id']}/corrections",
        {"reason": "x", "clock_out_at": at(MARCH + dt.timedelta(days=1), 21).isoformat()},
        headers={"Idempotency-Key": "k1"},
    )
    assert answer.status_code == 404, answer.json
