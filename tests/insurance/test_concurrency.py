"""Cover under concurrency, on PostgreSQL with real connections (threads, each its own
request and transaction): one shift's cover starts once, and a clock-in racing a policy
cancel ends in one consistent outcome and ledger."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import ApiClient, new_tenant
from tests.insurance.conftest import product_body
from tests.money.conftest import Money, make_money
from tests.money.test_concurrency import _all_at_once

pytestmark = pytest.mark.postgres


@pytest.fixture()
def insured_shift(pg_app: Any) -> tuple[Money, dict[str, Any], dict[str, Any]]:
    """A daily 280.00 shift today (the real clock: threads share no frozen one) insured by
    a 3.00 product: (money, shift, policy)."""
    tenant = new_tenant(pg_app)
    money = make_money(ApiClient(pg_app.test_client(), tenant.api_key), tenant)
    assert money.deposit(1_000_000).json["status"] == "succeeded"
    product = money.api.post("/v1/insurance/products", product_body()).json["id"]
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    engagement = money.post(
        "/v1/engagements",
        {
            "worker_id": money.worker_id,
            "employer_id": money.employer_id,
            "pay": {"basis": "daily", "rate": "280.00"},
            "first_day": today,
            "last_day": today,
            "shifts": [{"day": today}],
            "insurance_product_id": product,
        },
    )
    assert engagement.status_code == 201, engagement.json
    eid = engagement.json["id"]
    shift = money.api.get(f"/v1/shifts?engagement_id={eid}").json["data"][0]
    policy = money.api.get(f"/v1/insurance/policies?engagement_id={eid}").json["data"][0]
    return money, shift, policy


def _premiums(money: Money) -> int:
    page = money.api.get("/v1/ledger/accounts?kind=insurance_premiums&owner_id=sandbox").json
    return int(page["data"][0]["balances"]["posted"]) if page["data"] else 0


def test_fifty_clock_ins_of_one_shift_activate_its_cover_once(
    pg_app: Any, insured_shift: tuple[Money, dict[str, Any], dict[str, Any]]
) -> None:
    money, shift, policy = insured_shift
    path = f"/v1/shifts/{shift['id']}/clock-in"
    results = _all_at_once(50, lambda c: c.post(path, {}), pg_app, money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses == {200: 1, 409: 49}, statuses
    day = money.api.get(f"/v1/insurance/policies/{policy['id']}").json["days"][0]
    assert day["status"] == "active"
    [winner] = [r.json for r in results if r.status_code == 200]
    assert day["cover_starts_at"] == winner["clock_in_at"]
    activated = money.api.get("/v1/events?type=policy.activated&limit=100").json["data"]
    assert len(activated) == 1
    assert _premiums(money) == 300
    assert money.escrow()["held"] == 28_000
    assert money.audit() == []


def test_clock_in_racing_policy_cancel_ends_in_one_outcome(
    pg_app: Any, insured_shift: tuple[Money, dict[str, Any], dict[str, Any]]
) -> None:
    """Twenty clock-ins and twenty cancels of the shift's policy: the shift is clocked in
    once; the day is either active and charged (every cancel refused) or cancelled and
    refunded (the clock-in then starts no cover)."""
    money, shift, policy = insured_shift

    def either(client: ApiClient) -> Any:
        if uuid.uuid4().int % 2:
            return client.post(f"/v1/shifts/{shift['id']}/clock-in", {})
        return client.post(
            f"/v1/insurance/policies/{policy['id']}/cancel",
            {},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )

    results = _all_at_once(40, either, pg_app, money.tenant.api_key)
    clock_ins = [r for r in results if "clock_in_at" in (r.json or {})]
    cancels = [r for r in results if r.status_code == 200 and "days" in (r.json or {})]
    refused = Counter(r.json["code"] for r in results if r.status_code == 409)
    assert len(clock_ins) == 1 and len(cancels) <= 1, Counter(r.status_code for r in results)
    assert set(refused) <= {"shift_not_scheduled", "policy_not_cancellable"}
    day = money.api.get(f"/v1/insurance/policies/{policy['id']}").json["days"][0]
    if cancels:
        assert day["status"] == "cancelled" and day["cover_starts_at"] is None
        assert _premiums(money) == 0
    else:
        assert day["status"] == "active"
        assert day["cover_starts_at"] == clock_ins[0].json["clock_in_at"]
        assert _premiums(money) == 300
    escrow = money.escrow()
    assert escrow["held"] == 28_000  # the wage of the shift in progress, no premium
    assert escrow["total"] == 1_000_000 - _premiums(money)
    assert money.audit() == []
