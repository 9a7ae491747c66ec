"""Corrections under concurrency, on PostgreSQL with real connections (threads, each its own
request and transaction, one frozen clock shared by all): a payslip is corrected once,
whoever asks at the same moment, and a correction racing the worker's next clock-out leaves
the month's withholding cumulative-correct."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.time import FrozenClock
from tests.conftest import use_clock
from tests.helpers import ApiClient, new_tenant
from tests.money.conftest import make_money
from tests.money.test_concurrency import _all_at_once, _post
from tests.payslips.test_attacks import HOURLY
from tests.work.conftest import MARCH, Day, at

pytestmark = pytest.mark.postgres
D1, D2 = MARCH + dt.timedelta(days=1), MARCH + dt.timedelta(days=2)


@pytest.fixture()
def pg_day(pg_app: Any) -> Iterator[Day]:
    with use_clock(pg_app, FrozenClock(at(MARCH, 6))) as clock:
        tenant = new_tenant(pg_app)
        money = make_money(ApiClient(pg_app.test_client(), tenant.api_key), tenant)
        assert money.deposit(10_000_000).json["status"] == "succeeded"
        yield Day(money, clock)


def _shifts(day: Day) -> list[dict[str, Any]]:
    """Hourly shifts on D1 and D2 (08:00-20:00 planned) of the day's worker."""
    engagement = day.engage(
        [
            {"day": d, "starts_at": at(d, 8).isoformat(), "ends_at": at(d, 20).isoformat()}
            for d in (D1, D2)
        ],
        pay=HOURLY,
    )
    assert engagement.status_code == 201, engagement.json
    return day.shifts(engagement.json["id"])


def _slip_of(day: Day, shift_id: str) -> dict[str, Any]:
    return dict(day.api.get(f"/v1/payslips?shift_id={shift_id}&limit=1").json["data"][0])


def _settled_clean(day: Day) -> None:
    assert day.money.audit() == []
    assert day.money.escrow()["held"] == 0
    assert day.money.payable()["posted"] == 0  # every net paid out


def test_fifty_corrections_of_one_payslip_correct_it_once(pg_app: Any, pg_day: Day) -> None:
    s1, s2 = _shifts(pg_day)
    assert pg_day.money.post(f"/v1/shifts/{s2['id']}/cancel").status_code == 200
    pg_day.clock_in(s1["id"], at(D1, 8))
    assert pg_day.clock_out(s1["id"], at(D1, 18)).status_code == 200
    slip = _slip_of(pg_day, s1["id"])
    pg_day.clock.set(at(D1, 22))
    available = pg_day.money.escrow()["available"]
    body = {"reason": "Left at 20:00", "clock_out_at": at(D1, 20).isoformat()}
    results = _all_at_once(
        50,
        _post(f"/v1/payslips/{slip['id']}/corrections", body),
        pg_app,
        pg_day.money.tenant.api_key,
    )
    statuses = Counter(r.status_code for r in results)
    assert statuses == {201: 1, 409: 49}, statuses
    assert {r.json["code"] for r in results if r.status_code == 409} == {
        "payslip_already_corrected"
    }
    slips = pg_day.api.get(f"/v1/payslips?shift_id={s1['id']}").json["data"]
    assert sorted(s["status"] for s in slips) == ["corrected", "in_force"]
    payouts = pg_day.api.get(f"/v1/payouts?worker_id={pg_day.money.worker_id}").json["data"]
    assert sorted(p["amount"] for p in payouts) == [8_000, 40_000]
    assert pg_day.money.escrow()["available"] == available - 8_000
    _settled_clean(pg_day)


def test_a_correction_racing_the_next_clock_out_keeps_withholding_cumulative(
    pg_app: Any, pg_day: Day
) -> None:
    """Day 1 paid 400.00 (10 h), corrected to 480.00 while day 2 (12 h, 480.00) clocks out,
    both at once, five workers over: whatever the order, the month is 960.00 and withheld
    32.00 in all (20% over the 800.00 deduction), as one payment of 960.00 would be."""
    planned = []
    for _ in range(5):
        pg_day.money.worker_id = pg_day.money.new_worker()
        planned.append((pg_day.money.worker_id, *_shifts(pg_day)))
    pg_day.clock.set(at(D1, 8))
    for _worker, s1, _s2 in planned:
        assert pg_day.clock_in(s1["id"]).status_code == 200
    pg_day.clock.set(at(D1, 18))
    for _worker, s1, _s2 in planned:
        assert pg_day.clock_out(s1["id"]).status_code == 200
    pairs = [(w, _slip_of(pg_day, s1["id"]), s2) for w, s1, s2 in planned]
    pg_day.clock.set(at(D2, 8))
    for _worker, _slip, s2 in pairs:
        assert pg_day.clock_in(s2["id"]).status_code == 200
    pg_day.clock.set(at(D2, 20))
    calls = []
    for _worker, slip, s2 in pairs:
        correction = {"reason": "Left at 20:00", "clock_out_at": at(D1, 20).isoformat()}
        calls.append(_post(f"/v1/payslips/{slip['id']}/corrections", correction))
        calls.append(_post(f"/v1/shifts/{s2['id']}/clock-out", {}))
    results = _all_at_once(
        len(calls), lambda c: calls.pop()(c), pg_app, pg_day.money.tenant.api_key
    )
    assert sorted(r.status_code for r in results) == [200] * 5 + [201] * 5, [
        r.json for r in results
    ]
    report = pg_day.api.get("/v1/reports/withholding/2027-03").json["data"]
    by_worker = {line["worker_id"]: line for line in report}
    for worker, _slip, _s2 in pairs:
        line = by_worker[worker]
        assert (line["income"], line["tax_withheld"], line["payslips"]) == (96_000, 3_200, 2)
        statement = pg_day.api.get(f"/v1/workers/{worker}/statements/2027-03").json
        assert statement["totals"][0]["net"] == 96_000 - 3_200
        assert statement["totals"][0]["paid"] == 96_000 - 3_200
        pg_day.money.worker_id = worker
        _settled_clean(pg_day)
    statement = pg_day.api.get(f"/v1/employers/{pg_day.money.employer_id}/statements/2027-03").json
    assert statement["currencies"][0]["reconciled"] is True, statement
