"""Cover windows with the kernel's controllable clock, in two time zones: a tenant in
Asia/Shanghai (UTC+8) and one in Asia/Urumqi (UTC+6). A day bought without a shift is
covered from its 00:00 to its 24:00 in the tenant's zone (from the purchase, for today); a
shift's day from the clock-in to 24:00, also when the shift runs past midnight."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.insurance.conftest import Insured
from tests.work.conftest import MARCH

ZONES = ["Asia/Shanghai", "Asia/Urumqi"]


def local(zone: str, day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ZoneInfo(zone))


def utc(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat()


def _in_zone(insured: Insured, zone: str) -> None:
    assert insured.api.patch("/v1/tenant", {"time_zone": zone}).status_code == 200


@pytest.mark.parametrize("zone", ZONES)
def test_a_day_bought_without_a_shift_runs_from_midnight_to_midnight(
    insured: Insured, zone: str
) -> None:
    _in_zone(insured, zone)
    covered = MARCH + dt.timedelta(days=2)
    bought = insured.buy([covered])
    assert bought.status_code == 201, bought.json
    [window] = bought.json["days"]
    assert window["starts_on"] == "day_start" and window["status"] == "scheduled"
    assert window["cover_starts_at"] == utc(local(zone, covered, 0))
    assert window["cover_ends_at"] == utc(local(zone, covered + dt.timedelta(days=1), 0))
    offset = {"Asia/Shanghai": 16, "Asia/Urumqi": 18}[zone]  # 00:00 local, the day before
    assert window["cover_starts_at"] == f"2027-03-02T{offset}:00:00+00:00"

    clock = insured.day.clock
    clock.set(local(zone, covered, 0) - dt.timedelta(seconds=1))  # 23:59:59 the day before
    assert insured.run("insurance.cover") == 0
    assert insured.premiums() == 0
    clock.set(local(zone, covered, 0))  # 00:00:00: cover starts, the premium is charged
    assert insured.run("insurance.cover") == 1
    policy = insured.policy(bought.json["id"])
    assert (policy["status"], policy["days"][0]["status"]) == ("active", "active")
    assert policy["days"][0]["cover_starts_at"] == utc(local(zone, covered, 0))
    assert insured.premiums() == 300
    clock.set(local(zone, covered, 23, 59, 59))
    assert insured.run("insurance.cover") == 0
    clock.set(local(zone, covered + dt.timedelta(days=1), 0))  # 24:00: it ends
    assert insured.run("insurance.cover") == 1
    policy = insured.policy(bought.json["id"])
    assert (policy["status"], policy["days"][0]["status"]) == ("expired", "expired")
    assert insured.run("insurance.cover") == 0  # a sweep twice changes nothing
    assert insured.premiums() == 300 and insured.day.money.audit() == []


@pytest.mark.parametrize("zone", ZONES)
def test_a_day_bought_today_starts_at_the_purchase(insured: Insured, zone: str) -> None:
    _in_zone(insured, zone)
    clock = insured.day.clock
    now = clock.now()
    today = now.astimezone(ZoneInfo(zone)).date()
    bought = insured.buy([today])
    assert bought.status_code == 201, bought.json
    [window] = bought.json["days"]
    assert window["status"] == "active"  # not backdated to 00:00: from now
    assert window["cover_starts_at"] == utc(now)
    assert window["cover_ends_at"] == utc(local(zone, today + dt.timedelta(days=1), 0))
    assert insured.premiums() == 300


@pytest.mark.parametrize("zone", ZONES)
def test_a_night_shift_is_covered_from_its_clock_in_to_midnight(
    insured: Insured, zone: str
) -> None:
    _in_zone(insured, zone)
    night = MARCH + dt.timedelta(days=3)
    engagement = insured.engage([night])
    assert engagement.status_code == 201, engagement.json
    [shift] = insured.day.shifts(engagement.json["id"])
    [policy] = insured.policies(engagement_id=engagement.json["id"])
    assert policy["days"][0]["starts_on"] == "clock_in"
    assert policy["days"][0]["cover_starts_at"] is None  # not before the clock-in
    insured.day.clock.set(local(zone, night, 23, 30))
    assert insured.run("insurance.cover") == 0  # a shift's day does not start at 00:00
    clocked = insured.api.post(f"/v1/shifts/{shift['id']}/clock-in", {})
    assert clocked.status_code == 200, clocked.json
    day = insured.policy(policy["id"])["days"][0]
    assert day["status"] == "active"
    assert day["cover_starts_at"] == utc(local(zone, night, 23, 30))
    assert day["cover_ends_at"] == utc(local(zone, night + dt.timedelta(days=1), 0))
    insured.day.clock.set(local(zone, night + dt.timedelta(days=1), 0, 0, 1))
    assert insured.run("insurance.cover") == 1  # expired at 24:00 though still at work
    out = insured.day.money.post(f"/v1/shifts/{shift['id']}/clock-out", {})
    assert out.status_code == 200, out.json
    assert insured.policy(policy["id"])["status"] == "expired"
    assert insured.premiums() == 300 and insured.day.money.audit() == []
