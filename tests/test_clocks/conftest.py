"""Fixtures for test clocks: a test-mode tenant whose clock is a test clock frozen at 06:00 on
the day of work's March morning in Shanghai (ahead of the real clock, which a test clock may
not start behind), with a funded employer and a worker, made under the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.helpers import ApiClient, TenantHandle
from tests.money.conftest import Money, make_money
from tests.work.conftest import MARCH, at


@dataclass
class Clocked:
    """A tenant on a test clock, with the money shortcuts."""

    money: Money
    clock_id: str

    @property
    def api(self) -> ApiClient:
        return self.money.api

    def advance(self, to: dt.datetime) -> dict[str, Any]:
        """Advance the clock to `to` and wait for what fell due (inline in tests)."""
        moved = self.api.post(
            f"/v1/test-clocks/{self.clock_id}/advance", {"frozen_time": to.isoformat()}
        )
        assert moved.status_code == 200, moved.json
        assert moved.json["status"] == "advancing"
        found = self.api.get(f"/v1/test-clocks/{self.clock_id}").json
        assert found["status"] == "ready", found
        return dict(found)


def start_clock(api: ApiClient, when: dt.datetime) -> Any:
    return api.post("/v1/test-clocks", {"frozen_time": when.isoformat(), "name": "a week"})


@pytest.fixture()
def clocked(api: ApiClient, tenant: TenantHandle) -> Clocked:
    made = start_clock(api, at(MARCH, 6))
    assert made.status_code == 201, made.json
    money = make_money(api, tenant)
    assert money.deposit(10_000_000).json["status"] == "succeeded"  # 100,000.00 CNY
    return Clocked(money, made.json["id"])
