"""Races a hostile tenant runs on PostgreSQL (threads, each its own request): every one ends
in one outcome, nothing charged, refunded or paid twice, no premium hold left dangling, the
ledger audit clean."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import pytest

from tests.helpers import ApiClient
from tests.insurance.test_concurrency import _premiums, insured_shift
from tests.money.conftest import Money
from tests.money.test_concurrency import _all_at_once

pytestmark = pytest.mark.postgres
__all__ = ["insured_shift"]
Shift = tuple[Money, dict[str, Any], dict[str, Any]]


def _post(path: str, body: dict[str, Any]) -> Any:
    return lambda c: c.post(path, body, headers={"Idempotency-Key": str(uuid.uuid4())})


def _clocked_in(money: Money, shift: dict[str, Any]) -> str:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    clocked = money.api.post(f"/v1/shifts/{shift['id']}/clock-in", {"at": at.isoformat()})
    assert clocked.status_code == 200, clocked.json
    return str(clocked.json["clock_in_at"])


def _claim_body(policy_id: str, clock_in_at: str, amount: int) -> dict[str, Any]:
    incident = dt.datetime.fromisoformat(clock_in_at) + dt.timedelta(seconds=1)
    return {
        "policy_id": policy_id,
        "coverage": "medical_expenses",
        "amount": amount,
        "incident_at": incident.isoformat(),
        "incident_place": "gate 2",
        "description": "fell",
    }


def test_claims_racing_for_one_sum_insured(pg_app: Any, insured_shift: Shift) -> None:
    money, shift, policy = insured_shift
    body = _claim_body(policy["id"], _clocked_in(money, shift), 5_000_000)
    results = _all_at_once(10, _post("/v1/insurance/claims", body), pg_app, money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses == {201: 1, 422: 9}, statuses
    assert {r.json["code"] for r in results if r.status_code == 422} == {"claim_above_sum_insured"}


def test_approvals_racing_pay_once(pg_app: Any, insured_shift: Shift) -> None:
    money, shift, policy = insured_shift
    body = _claim_body(policy["id"], _clocked_in(money, shift), 120_000)
    claim = money.post("/v1/insurance/claims", body).json["id"]
    path = f"/v1/insurance/claims/{claim}/review"
    assert money.post(path, {"decision": "start_review"}).status_code == 200
    results = _all_at_once(10, _post(path, {"decision": "approve"}), pg_app, money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses == {200: 1, 409: 9}, statuses
    payable = money.api.get(
        f"/v1/ledger/accounts?kind=worker_payable&owner_id={money.worker_id}"
    ).json["data"]
    assert sum(int(a["balances"]["posted"]) for a in payable) <= 120_000
    assert money.audit() == []


def test_cancels_racing_refund_once(pg_app: Any, insured_shift: Shift) -> None:
    money, _shift, _policy = insured_shift
    product = money.api.get("/v1/insurance/products").json["data"][0]["id"]
    ahead = dt.date.today() + dt.timedelta(days=30)
    bought = money.post(
        "/v1/insurance/policies",
        {
            "worker_id": money.worker_id,
            "employer_id": money.employer_id,
            "product_id": product,
            "days": [(ahead + dt.timedelta(days=i)).isoformat() for i in range(3)],
        },
    )
    assert bought.status_code == 201, bought.json
    path = f"/v1/insurance/policies/{bought.json['id']}/cancel"
    results = _all_at_once(10, _post(path, {}), pg_app, money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses == {200: 1, 409: 9}, statuses
    assert money.escrow()["held"] == 28_000 + 300  # the shift's wage and premium only
    assert _premiums(money) == 0
    assert money.audit() == []


@pytest.mark.parametrize("end", ["no-show", "cancel", "engagement"])
def test_a_shift_ended_racing_its_clock_in(pg_app: Any, insured_shift: Shift, end: str) -> None:
    money, shift, policy = insured_shift

    def either(client: ApiClient) -> Any:
        if uuid.uuid4().int % 2:
            return client.post(f"/v1/shifts/{shift['id']}/clock-in", {})
        path = (
            f"/v1/engagements/{shift['engagement_id']}/cancel"
            if end == "engagement"
            else f"/v1/shifts/{shift['id']}/{end}"
        )
        return client.post(path, {}, headers={"Idempotency-Key": str(uuid.uuid4())})

    results = _all_at_once(20, either, pg_app, money.tenant.api_key)
    assert all(r.status_code < 500 for r in results), Counter(r.status_code for r in results)
    day = money.api.get(f"/v1/insurance/policies/{policy['id']}").json["days"][0]
    got = money.api.get(f"/v1/shifts/{shift['id']}").json
    if got["status"] == "in_progress":
        assert (day["status"], _premiums(money)) == ("active", 300)
        assert money.escrow()["held"] == 28_000
    else:
        assert (day["status"], _premiums(money)) == ("cancelled", 0)
        assert money.escrow()["held"] == 0
    assert money.audit() == []
