"""Fixtures for money tests: an employer and a worker with a payout account, over HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from app.ledger import service as ledger
from tests.helpers import ApiClient, TenantHandle, database, employer_body, worker_body


@dataclass
class Money:
    """A tenant's API with shortcuts for the money endpoints (Idempotency-Key on every POST)."""

    api: ApiClient
    tenant: TenantHandle
    employer_id: str
    worker_id: str

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.api.post(path, body or {}, headers={"Idempotency-Key": str(uuid.uuid4())})

    def deposit(self, amount: int, currency: str = "CNY", employer_id: str | None = None) -> Any:
        body = {
            "employer_id": employer_id or self.employer_id,
            "amount": amount,
            "currency": currency,
        }
        return self.post("/v1/escrow/deposits", body)

    def hold(self, amount: int, currency: str = "CNY") -> Any:
        return self.post(
            "/v1/escrow/holds",
            {"employer_id": self.employer_id, "amount": amount, "currency": currency},
        )

    def release(self, hold_id: str, **body: Any) -> Any:
        return self.post(
            f"/v1/escrow/holds/{hold_id}/release", {"worker_id": self.worker_id, **body}
        )

    def payout(self, amount: int, worker_id: str | None = None) -> Any:
        body = {"worker_id": worker_id or self.worker_id, "amount": amount, "currency": "CNY"}
        return self.post("/v1/payouts", body)

    def escrow(self) -> dict[str, int]:
        return dict(self.api.get(f"/v1/employers/{self.employer_id}/escrow").json)

    def payable(self, worker_id: str | None = None) -> dict[str, int]:
        page = self.api.get(
            f"/v1/ledger/accounts?kind=worker_payable&owner_id={worker_id or self.worker_id}"
        ).json
        if not page["data"]:
            return {"posted": 0, "pending": 0, "available": 0}
        return dict(page["data"][0]["balances"])

    def cash(self) -> int:
        page = self.api.get("/v1/ledger/accounts?kind=provider_cash").json
        return int(page["data"][0]["balances"]["posted"]) if page["data"] else 0

    def audit(self) -> list[str]:
        with database(self.tenant.app).unit_of_work(tenant_id=self.tenant.id) as session:
            return ledger.audit(session)

    def new_worker(self, account_reference: str = "wxid_good_0001") -> str:
        body = worker_body(
            payout_account={
                "kind": "wallet",
                "provider": "wechat",
                "account_reference": account_reference,
            }
        )
        return str(self.api.post("/v1/workers", body).json["id"])


def make_money(api: ApiClient, tenant: TenantHandle) -> Money:
    employer = api.post("/v1/employers", employer_body()).json
    money = Money(api, tenant, employer["id"], "")
    money.worker_id = money.new_worker()
    return money


@pytest.fixture()
def money(api: ApiClient, tenant: TenantHandle) -> Money:
    return make_money(api, tenant)
