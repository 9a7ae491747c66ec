"""The one clock: `now(session)` reads the unit of work's clock, calendar days are the
tenant's (23 and 25 hours long across daylight-saving changes), test clocks only go forward."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.core import time as clock_module
from app.core.time import FrozenClock, day_bounds, local_day, now, zone_day_bounds
from tests.conftest import use_clock
from tests.helpers import ApiClient, TenantHandle, database

UTC = dt.UTC


def hours(bounds: tuple[dt.datetime, dt.datetime]) -> float:
    return (bounds[1] - bounds[0]).total_seconds() / 3600


@pytest.mark.parametrize(
    ("zone", "day", "start", "length"),
    [
        # Europe/Berlin: CET (+1) in winter, CEST (+2) in summer
        ("Europe/Berlin", dt.date(2026, 3, 29), dt.datetime(2026, 3, 28, 23, tzinfo=UTC), 23),
        ("Europe/Berlin", dt.date(2026, 10, 25), dt.datetime(2026, 10, 24, 22, tzinfo=UTC), 25),
        ("Europe/Berlin", dt.date(2026, 7, 1), dt.datetime(2026, 6, 30, 22, tzinfo=UTC), 24),
        ("Europe/Berlin", dt.date(2026, 12, 3), dt.datetime(2026, 12, 2, 23, tzinfo=UTC), 24),
        # Asia/Shanghai: +8 all year, no daylight saving
        ("Asia/Shanghai", dt.date(2026, 12, 3), dt.datetime(2026, 12, 2, 16, tzinfo=UTC), 24),
        ("Asia/Shanghai", dt.date(2026, 7, 1), dt.datetime(2026, 6, 30, 16, tzinfo=UTC), 24),
        ("UTC", dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, tzinfo=UTC), 24),
    ],
)
def test_day_bounds_in_a_zone(zone: str, day: dt.date, start: dt.datetime, length: int) -> None:
    bounds = zone_day_bounds(ZoneInfo(zone), day)
    assert bounds[0] == start and bounds[0].tzinfo == UTC
    assert hours(bounds) == length
    # consecutive days tile the time line: each ends where the next begins
    assert zone_day_bounds(ZoneInfo(zone), day + dt.timedelta(days=1))[0] == bounds[1]


def tenant_in(api: ApiClient, zone: str) -> None:
    resp = api.patch("/v1/tenant", {"time_zone": zone})
    assert resp.status_code == 200, resp.json


def test_local_day_and_day_bounds_follow_the_tenants_zone(
    api: ApiClient, tenant: TenantHandle
) -> None:
    late_evening = dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # Berlin: 00:30 on the 29th
    for zone, day, length in (
        ("Europe/Berlin", dt.date(2026, 3, 29), 23),
        ("Asia/Shanghai", dt.date(2026, 3, 29), 24),  # 07:30 on the 29th
        ("America/New_York", dt.date(2026, 3, 28), 24),  # 19:30 on the 28th
    ):
        tenant_in(api, zone)
        with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
            assert local_day(session, late_evening) == day, zone
            bounds = day_bounds(session, day)
            assert bounds[0] <= late_evening < bounds[1]
            assert hours(bounds) == length
    tenant_in(api, "Europe/Berlin")
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        assert hours(day_bounds(session, dt.date(2026, 10, 25))) == 25


def test_now_reads_the_unit_of_works_clock(
    app: Any, tenant: TenantHandle, clock: FrozenClock
) -> None:
    db = database(app)
    with db.unit_of_work(tenant_id=tenant.id) as session:
        assert now(session) == clock.now()
        clock.advance(minutes=5)
        assert now(session) == clock.now()  # read each time, not once per unit of work
    assert now() == clock.now()  # the process clock (no session) is the same clock here
    own = FrozenClock(clock.now() + dt.timedelta(days=1))
    with db.unit_of_work(tenant_id=tenant.id) as session:
        session.info["clock"] = own  # a clock bound to this unit of work only (per tenant, later)
        assert now(session) == own.now() != clock.now()
        assert local_day(session) == own.now().astimezone(ZoneInfo("Asia/Shanghai")).date()


def test_local_day_defaults_to_the_clocks_today_in_the_tenants_zone(
    api: ApiClient, tenant: TenantHandle, clock: FrozenClock
) -> None:
    # the next 23:30 UTC: already tomorrow in Shanghai, still today in UTC
    evening = dt.datetime.combine(clock.now().date(), dt.time(23, 30), UTC)
    if evening < clock.now():
        evening += dt.timedelta(days=1)
    clock.set(evening)
    today = evening.date()
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        assert local_day(session) == today + dt.timedelta(days=1)  # Asia/Shanghai, the default
    tenant_in(api, "UTC")
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        assert local_day(session) == today


def test_the_clock_fixture_installs_one_clock_and_restores_the_real_one(app: Any) -> None:
    frozen = FrozenClock(dt.datetime(2030, 1, 1, tzinfo=UTC))
    with use_clock(app, frozen):
        assert database(app).clock is frozen and clock_module.clock_of(None) is frozen
    assert database(app).clock is clock_module.SYSTEM
    assert clock_module.clock_of(None) is clock_module.SYSTEM
    before = clock_module.SYSTEM.now()
    assert before <= now() <= clock_module.SYSTEM.now()


def test_a_frozen_clock_moves_only_forward() -> None:
    start = dt.datetime(2026, 12, 3, 8, tzinfo=UTC)
    frozen = FrozenClock(start)
    assert frozen.now() == start
    assert frozen.advance(hours=1) == start + dt.timedelta(hours=1)
    with pytest.raises(ValueError, match="backwards"):
        frozen.advance(dt.timedelta(seconds=-1))
    with pytest.raises(ValueError, match="backwards"):
        frozen.set(start)
    naive = dt.datetime(2026, 12, 4, 8)  # naive values are UTC
    assert frozen.set(naive) == naive.replace(tzinfo=UTC)
    assert FrozenClock(dt.datetime(2026, 12, 3, 16, tzinfo=ZoneInfo("Asia/Shanghai"))).now() == (
        dt.datetime(2026, 12, 3, 8, tzinfo=UTC)
    )
