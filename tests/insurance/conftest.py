"""Insurance tests reuse the day of work's fixtures (a funded employer, a worker, the frozen
clock in Shanghai) and add a product and a few shortcuts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from app.core import schedule
from app.insurance.models import InsurerNotification
from tests.helpers import database, worker_body
from tests.work.conftest import Day, at
from tests.work.conftest import day as day

__all__ = ["Insured", "day", "insured"]

COVERAGES = [
    {"type": "accidental_death_disability", "sum_insured": 60_000_000},
    {"type": "medical_expenses", "sum_insured": 5_000_000},
    {"type": "hospital_allowance_per_day", "sum_insured": 10_000},
]


def product_body(**overrides: Any) -> dict[str, Any]:
    return {
        "insurer": "sandbox",
        "name": "日结意外险 Daily accident cover",
        "daily_premium": 300,
        "coverages": COVERAGES,
        "min_age": 16,
        "max_age": 70,
        **overrides,
    }


@dataclass
class Insured:
    """The day of work's shortcuts plus insurance's."""

    day: Day
    product_id: str

    @property
    def api(self) -> Any:
        return self.day.api

    def product(self, **overrides: Any) -> str:
        made = self.api.post("/v1/insurance/products", product_body(**overrides))
        assert made.status_code == 201, made.json
        return str(made.json["id"])

    def buy(self, days: list[dt.date], **body: Any) -> Any:
        return self.day.money.post(
            "/v1/insurance/policies",
            {
                "worker_id": self.day.money.worker_id,
                "employer_id": self.day.money.employer_id,
                "product_id": self.product_id,
                "days": [d.isoformat() for d in days],
                **body,
            },
        )

    def engage(self, days: list[dt.date], **body: Any) -> Any:
        body.setdefault("insurance_product_id", self.product_id)
        return self.day.engage([{"day": d} for d in days], **body)

    def policies(self, **filters: str) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return list(self.api.get(f"/v1/insurance/policies?limit=100&{query}").json["data"])

    def policy(self, policy_id: str) -> dict[str, Any]:
        return dict(self.api.get(f"/v1/insurance/policies/{policy_id}").json)

    def premiums(self, insurer: str = "sandbox") -> int:
        return self.day.account("insurance_premiums", insurer)["posted"]

    def run(self, name: str) -> int:
        tenant = self.day.money.tenant
        return schedule.run(database(tenant.app), schedule.get(name), tenant_id=tenant.id)

    def notifications(self) -> list[InsurerNotification]:
        tenant = self.day.money.tenant
        with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
            rows = session.query(InsurerNotification).order_by(InsurerNotification.id).all()
            session.expunge_all()
            return rows

    def worker_born(self, born: dt.date) -> str:
        from tests.helpers import id_card_number

        number = id_card_number()
        first17 = number[:6] + born.strftime("%Y%m%d") + number[14:17]
        from app.parties.identity import id_card_check_digit

        body = worker_body(id_card_number=first17 + id_card_check_digit(first17))
        made = self.api.post("/v1/workers", body)
        assert made.status_code == 201, made.json
        return str(made.json["id"])


@pytest.fixture()
def insured(day: Day) -> Insured:
    made = day.api.post("/v1/insurance/products", product_body())
    assert made.status_code == 201, made.json
    return Insured(day, made.json["id"])


__all__ += ["at", "product_body"]
