"""The day of work over HTTP, on both databases: engage, clock in, clock out, settled.

Figures in fen (1.00 CNY = 100). The employer deposited 100,000.00 (10,000,000) first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.work.conftest import MARCH, Day, at


def _one_day(day: Day, **body: Any) -> dict[str, Any]:
    engagement = day.engage([{"day": MARCH + dt.timedelta(days=1)}], **body)
    assert engagement.status_code == 201, engagement.json
    return day.shifts(engagement.json["id"])[0]


def test_the_seed_day_is_settled_at_clock_out(day: Day) -> None:
    """280.00 CNY a day; clock-in 07:00, clock-out 20:00: gross 280.00. The first payment of
    the month is under the 800.00 deduction: nothing withheld, net 280.00, paid at once."""
    shift = _one_day(day)
    assert shift["status"] == "scheduled" and shift["expected_amount"] == 28_000
    assert day.money.escrow()["available"] == 10_000_000 - 28_000  # the day's wage is held

    started = day.clock_in(shift["id"], at(MARCH + dt.timedelta(days=1), 7))
    assert started.status_code == 200, started.json
    assert started.json["status"] == "in_progress"
    ended = day.clock_out(shift["id"], at(MARCH + dt.timedelta(days=1), 20))
    assert ended.status_code == 200, ended.json
    assert ended.json["status"] == "settled" and ended.json["payslip_id"]

    payslip = day.payslip(shift)
    assert (payslip["gross"], payslip["withheld"], payslip["net"]) == (28_000, 0, 28_000)
    assert payslip["pay"]["formula"] == "280 CNY/day x 1 day = 280.00 CNY"
    assert payslip["deductions"][0]["rule"] == "work.withholding"
    assert payslip["deductions"][0]["rule_version"] == 0  # the statutory default
    payout = day.api.get(f"/v1/payouts/{payslip['payout_id']}").json
    assert (payout["amount"], payout["status"]) == (28_000, "paid")
    assert day.money.escrow() == {
        "employer_id": day.money.employer_id,
        "currency": "CNY",
        "available": 10_000_000 - 28_000,
        "held": 0,
        "total": 10_000_000 - 28_000,
    }
    assert day.money.payable() == {"posted": 0, "pending": 0, "available": 0}
    assert day.money.audit() == []
    types = [e["type"] for e in day.api.get("/v1/events?limit=100").json["data"]]
    for expected in ("shift.clocked_in", "shift.clocked_out", "shift.settled", "payslip.created"):
        assert expected in types


def test_25_days_in_a_month_withhold_what_one_payment_would(day: Day) -> None:
    """The same worker, 25 days at 280.00 for one employer in March. Withholding is on the
    month's cumulative income as if one payment (mission-anchors §6: up to 4,000 deduct
    800, above deduct 20%; 20% below 20,000 taxable), less what was already withheld:

        day  month so far  expenses  taxable  month's tax  withheld that day
          1        280.00    280.00      0.00        0.00        0.00
          2        560.00    560.00      0.00        0.00        0.00
          3        840.00    800.00     40.00        8.00        8.00
          4      1,120.00    800.00    320.00       64.00       56.00
        ...  (+280 a day, +56.00 tax a day)
         14      3,920.00    800.00  3,120.00      624.00       56.00
         15      4,200.00    840.00  3,360.00      672.00       48.00
         16      4,480.00    896.00  3,584.00      716.80       44.80
        ...  (+280 a day, +44.80 tax a day)
         25      7,000.00  1,400.00  5,600.00    1,120.00       44.80

    Month: gross 7,000.00, withheld 1,120.00 (the tax on one payment of 7,000.00), net
    5,880.00."""
    days = [MARCH + dt.timedelta(days=i) for i in range(1, 26)]
    engagement = day.engage([{"day": d} for d in days])
    assert engagement.status_code == 201, engagement.json
    shifts = day.shifts(engagement.json["id"])
    withheld = []
    for shift, d in zip(shifts, days, strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
        withheld.append(day.payslip(shift)["withheld"])
    assert withheld == [0, 0, 800] + [5_600] * 11 + [4_800] + [4_480] * 10
    assert sum(withheld) == 112_000
    assert 25 * 28_000 - sum(withheld) == 588_000
    assert day.account("tax_withheld_payable", day.money.employer_id)["posted"] == 112_000
    last = day.payslip(shifts[-1])["deductions"][0]
    assert last["month_to_date_income"] == 700_000 and last["month_to_date_tax"] == 112_000
    assert last["expense_deduction"] == "1400" and last["taxable_income"] == "5600"
    assert day.money.audit() == []


def test_a_single_30000_payment(day: Day) -> None:
    """30,000.00 in one payment: expenses 20% = 6,000.00, taxable 24,000.00, in the 30% band
    less the 2,000.00 quick deduction: 7,200.00 - 2,000.00 = 5,200.00 withheld."""
    shift = _one_day(day, pay={"basis": "daily", "rate": "30000"})
    day.clock_in(shift["id"], at(MARCH + dt.timedelta(days=1), 7))
    assert day.clock_out(shift["id"], at(MARCH + dt.timedelta(days=1), 20)).status_code == 200
    payslip = day.payslip(shift)
    assert (payslip["gross"], payslip["withheld"], payslip["net"]) == (
        3_000_000,
        520_000,
        2_480_000,
    )
    assert payslip["deductions"][0]["rate"] == "0.3"


def test_an_hourly_shift_rounds_each_started_quarter_hour_after_the_break(day: Day) -> None:
    """32.46 CNY/hour, quarter hours started count in full, 30 minutes unpaid break. In
    08:00, out 11:37:30: 3 h 37 min 30 s present, 3 h 7 min 30 s worked, 13 quarters started
    = 195 minutes; 32.46 x 195 / 60 = 105.495, half to even: 105.50. Planned 08:00-17:00
    (510 paid minutes, 275.91 held); the rest goes back to available escrow."""
    d = MARCH + dt.timedelta(days=1)
    pay = {"basis": "hourly", "rate": "32.46", "rounding": "quarter_hour_started"}
    engagement = day.engage(
        [{"day": d, "starts_at": at(d, 8).isoformat(), "ends_at": at(d, 17).isoformat()}],
        pay={**pay, "break_minutes": 30},
    )
    assert engagement.status_code == 201, engagement.json
    shift = day.shifts(engagement.json["id"])[0]
    assert shift["expected_amount"] == 27_591
    day.clock_in(shift["id"], at(d, 8))
    assert day.clock_out(shift["id"], at(d, 11, 37) + dt.timedelta(seconds=30)).status_code == 200
    lines = day.payslip(shift)["pay"]
    assert (lines["worked_minutes"], lines["paid_minutes"], lines["amount"]) == (187, 195, 10_550)
    assert lines["rounding_text"] == "each started quarter hour is paid as a full 15 minutes"
    assert day.money.escrow()["available"] == 10_000_000 - 10_550
    assert day.money.audit() == []


def test_a_piece_rate_shift_beyond_its_hold_takes_the_rest_from_escrow(day: Day) -> None:
    """0.35 CNY a box, 1,000 boxes planned (350.00 held); 1,234 made: 431.90, the 81.90
    above the hold taken from available escrow."""
    d = MARCH + dt.timedelta(days=1)
    engagement = day.engage(
        [{"day": d, "expected_quantity": "1000"}],
        pay={"basis": "piece", "rate": "0.35", "unit": "box"},
    )
    assert engagement.status_code == 201, engagement.json
    shift = day.shifts(engagement.json["id"])[0]
    assert shift["expected_amount"] == 35_000
    day.clock_in(shift["id"], at(d, 7))
    out = day.clock_out(shift["id"], at(d, 19), quantity="1234")
    assert out.status_code == 200, out.json
    assert out.json["quantity"] == "1234"
    assert day.payslip(shift)["gross"] == 43_190
    assert day.money.escrow()["available"] == 10_000_000 - 43_190
    hold = day.api.get(f"/v1/escrow/holds/{shift['hold_id']}").json
    assert (hold["amount"], hold["released_amount"], hold["status"]) == (43_190, 43_190, "released")
    assert day.money.audit() == []


def test_a_fee_is_the_employers_and_never_the_workers(day: Day) -> None:
    """A 5% platform fee on 280.00 is 14.00: held with the wage, paid by the employer into
    the platform's fees, shown on the payslip, not taken from the worker's 280.00."""
    shift = _one_day(day, fee={"type": "percent", "percent": "5"})
    assert shift["expected_amount"] == 29_400
    day.clock_in(shift["id"], at(MARCH + dt.timedelta(days=1), 7))
    day.clock_out(shift["id"], at(MARCH + dt.timedelta(days=1), 20))
    payslip = day.payslip(shift)
    assert (payslip["gross"], payslip["net"], payslip["employer_cost"]) == (28_000, 28_000, 29_400)
    assert payslip["employer_items"] == [
        {
            "type": "platform_fee",
            "amount": 1_400,
            "terms": {"type": "percent", "percent": "5"},
        }
    ]
    assert day.account("platform_fees", "platform")["posted"] == 1_400
    assert day.money.escrow()["available"] == 10_000_000 - 29_400
    assert day.money.audit() == []


def test_a_workers_earnings_in_a_month(day: Day, other_tenant: Any) -> None:
    """Three days at 280.00 in March: gross 840.00, withheld 8.00 (day 3), net 832.00, all
    paid (the sandbox pays at once); April is empty; another tenant sees no such worker."""
    days = [MARCH + dt.timedelta(days=i) for i in range(1, 4)]
    engagement = day.engage([{"day": d} for d in days])
    for shift, d in zip(day.shifts(engagement.json["id"]), days, strict=True):
        day.clock_in(shift["id"], at(d, 7))
        day.clock_out(shift["id"], at(d, 20))
    path = f"/v1/workers/{day.money.worker_id}/earnings"
    march = day.api.get(f"{path}?month=2027-03").json
    assert march["totals"] == [
        {
            "currency": "CNY",
            "payslips": 3,
            "gross": 84_000,
            "withheld": 800,
            "net": 83_200,
            "paid": 83_200,
            "pending": 0,
        }
    ]
    assert day.api.get(f"{path}?month=2027-04").json["totals"] == []
    assert day.api.get(f"{path}?month=2027-13").status_code == 422
    from tests.helpers import ApiClient

    stranger = ApiClient(day.api.client, other_tenant.api_key).get(f"{path}?month=2027-03")
    assert stranger.status_code == 404 and stranger.json["code"] == "resource_missing"
