"""Fixtures for test clocks: a test-mode tenant whose clock is a test clock frozen at 06:00 on
the day of work's March morning in Shanghai (ahead of the real clock, which a test clock may
not start behind), with a funded employer and a worker, made under the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.helpers import ApiClient, TenantHandle
from tests.insurance.conftest import product_body
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


def engage(clocked: Clocked, days: list[dt.date]) -> dict[str, Any]:
    """An engagement at 280.00 a day over `days`, a shift each, with a 3.00/day cover."""
    product = clocked.api.post("/v1/insurance/products", product_body())
    assert product.status_code == 201, product.json
    engaged = clocked.money.post(
        "/v1/engagements",
        {
            "worker_id": clocked.money.worker_id,
            "employer_id": clocked.money.employer_id,
            "pay": {"basis": "daily", "rate": "280.00"},
            "first_day": days[0].isoformat(),
            "last_day": days[-1].isoformat(),
            "shifts": [{"day": d.isoformat()} for d in days],
            "insurance_product_id": product.json["id"],
        },
    )
    assert engaged.status_code == 201, engaged.json
    return dict(engaged.json)


def start_clock(api: ApiClient, when: dt.datetime) -> Any:
    return api.post("/v1/test-clocks", {"frozen_time": when.isoformat(), "name": "a week"})


@pytest.fixture()
def clocked(api: ApiClient, tenant: TenantHandle) -> Clocked:
    made = start_clock(api, at(MARCH, 6))
    assert made.status_code == 201, made.json
    money = make_money(api, tenant)
    assert money.deposit(10_000_000).json["status"] == "succeeded"  # 100,000.00 CNY
    return Clocked(money, made.json["id"])
