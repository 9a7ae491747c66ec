"""Fixtures for the day of work, over HTTP: a funded employer, a worker with a wallet, the
one clock frozen on a working day in the tenant's time zone (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.core.time import FrozenClock
from tests.helpers import ApiClient, TenantHandle
from tests.money.conftest import Money, make_money

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = dt.date(2027, 3, 1)  # ahead of the real clock, which a frozen one cannot go behind


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An instant of `day` in Shanghai."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Day:
    """Money's shortcuts plus the day of work's."""

    money: Money
    clock: FrozenClock

    @property
    def api(self) -> ApiClient:
        return self.money.api

    def engage(self, shifts: list[dict[str, Any]], **body: Any) -> Any:
        days = [dt.date.fromisoformat(str(s["day"])) for s in shifts] or [MARCH]
        return self.money.post(
            "/v1/engagements",
            {
                "worker_id": self.money.worker_id,
                "employer_id": self.money.employer_id,
                "pay": {"basis": "daily", "rate": "280.00"},
                "first_day": min(days).isoformat(),
                "last_day": max(days).isoformat(),
                "shifts": [{**s, "day": str(s["day"])} for s in shifts],
                **body,
            },
        )

    def shifts(self, engagement_id: str) -> list[dict[str, Any]]:
        page = self.api.get(f"/v1/shifts?engagement_id={engagement_id}&limit=100").json
        return sorted(page["data"], key=lambda s: s["day"])

    def clock_in(self, shift_id: str, when: dt.datetime | None = None, **body: Any) -> Any:
        if when is not None:
            self.clock.set(when)
        return self.api.post(f"/v1/shifts/{shift_id}/clock-in", body)

    def clock_out(self, shift_id: str, when: dt.datetime | None = None, **body: Any) -> Any:
        if when is not None:
            self.clock.set(when)
        return self.money.post(f"/v1/shifts/{shift_id}/clock-out", body)

    def payslip(self, shift: dict[str, Any]) -> dict[str, Any]:
        """The payslip of a settled shift, as `shift.settled` carried it."""
        events = self.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
        found = [e["data"]["payslip"] for e in events if e["data"]["object"]["id"] == shift["id"]]
        assert len(found) == 1, found
        return dict(found[0])

    def account(self, kind: str, owner_id: str) -> dict[str, int]:
        page = self.api.get(f"/v1/ledger/accounts?kind={kind}&owner_id={owner_id}").json
        if not page["data"]:
            return {"posted": 0, "pending": 0, "available": 0}
        return dict(page["data"][0]["balances"])


@pytest.fixture()
def day(api: ApiClient, tenant: TenantHandle, clock: FrozenClock) -> Day:
    clock.set(at(MARCH, 6))
    money = make_money(api, tenant)
    assert money.deposit(10_000_000).json["status"] == "succeeded"  # 100,000.00 CNY
    return Day(money, clock)
