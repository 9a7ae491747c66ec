"""A week of the seed's shifts rehearsed on a test clock, in seconds: nobody sets a clock but
the advance endpoint, and every sweep that falls due runs because the clock was advanced.

7 days at 280.00 CNY with a 3.00/day accident cover; each day: advance to 07:00, clock in,
advance to 20:00, clock out. Withholding follows tests/work/test_day.py's cumulative table
(0, 0, 8.00, then 56.00 a day); each day's cover ended at its midnight when the clock was
advanced past it; advancing into April announces March's statements."""

from __future__ import annotations

import datetime as dt

from tests.test_clocks.conftest import Clocked, engage
from tests.work.conftest import MARCH, SHANGHAI, at


def _midnight_after(day: dt.date) -> str:
    return at(day + dt.timedelta(days=1), 0).astimezone(dt.UTC).isoformat()


def test_a_week_of_shifts_on_a_test_clock(clocked: Clocked) -> None:
    api = clocked.api
    days = [MARCH + dt.timedelta(days=i) for i in range(1, 8)]  # 2 to 8 March 2027
    engagement = engage(clocked, days)
    shifts = sorted(
        api.get(f"/v1/shifts?engagement_id={engagement['id']}&limit=100").json["data"],
        key=lambda s: s["day"],
    )
    [policy] = api.get(f"/v1/insurance/policies?engagement_id={engagement['id']}").json["data"]
    for shift, day in zip(shifts, days, strict=True):
        clocked.advance(at(day, 7))
        started = api.post(f"/v1/shifts/{shift['id']}/clock-in", {})
        assert started.status_code == 200, started.json
        assert started.json["clock_in_at"] == at(day, 7).astimezone(dt.UTC).isoformat()
        clocked.advance(at(day, 20))
        ended = clocked.money.post(f"/v1/shifts/{shift['id']}/clock-out", {})
        assert ended.status_code == 200, ended.json
        assert ended.json["status"] == "settled"

    settled = api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    payslips = {e["data"]["object"]["id"]: e["data"]["payslip"] for e in settled}
    # everything the week made carries the clock (tests/test_clocks/test_ids.py: in detail)
    made = [*shifts, *payslips.values(), *(e["data"]["object"] for e in settled)]
    assert {m["test_clock"] for m in made} == {clocked.clock_id}
    withheld = [payslips[s["id"]]["withheld"] for s in shifts]
    assert withheld == [0, 0, 800, 5_600, 5_600, 5_600, 5_600]  # test_day.py's table
    assert sum(withheld) == 23_200 and 7 * 28_000 - sum(withheld) == 172_800

    cover = api.get(f"/v1/insurance/policies/{policy['id']}").json["days"]
    # days 1-6 ended at their midnight, swept by the advance to the next morning's 07:00
    assert [d["status"] for d in cover] == ["expired"] * 6 + ["active"]
    assert [d["cover_ends_at"] for d in cover] == [_midnight_after(d) for d in days]
    clocked.advance(at(days[-1] + dt.timedelta(days=1), 0))  # the last day's midnight
    cover = api.get(f"/v1/insurance/policies/{policy['id']}").json["days"]
    assert [d["status"] for d in cover] == ["expired"] * 7

    assert api.get("/v1/events?type=statement.ready").json["data"] == []  # March is open
    april = dt.datetime(2027, 4, 1, 1, 0, tzinfo=SHANGHAI)
    clocked.advance(april)
    ready = api.get("/v1/events?type=statement.ready&limit=100").json["data"]
    assert ready, "advancing into April announces March's statements"
    assert {e["data"]["object"]["month"] for e in ready} == {"2027-03"}
    assert clocked.money.audit() == []
