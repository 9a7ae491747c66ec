"""The day of work under concurrency, on PostgreSQL with real connections (threads, each its
own request and transaction): a shift is settled once, whoever asks at the same moment."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import ApiClient, new_tenant
from tests.money.conftest import Money, make_money
from tests.money.test_concurrency import _all_at_once, _post

pytestmark = pytest.mark.postgres


@pytest.fixture()
def pg_money(pg_app: Any) -> Money:
    tenant = new_tenant(pg_app)
    money = make_money(ApiClient(pg_app.test_client(), tenant.api_key), tenant)
    assert money.deposit(1_000_000).json["status"] == "succeeded"
    return money


def _shift_today(money: Money) -> dict[str, Any]:
    """A daily 280.00 shift on the tenant's today (the real clock: threads share no frozen
    one)."""
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
        },
    )
    assert engagement.status_code == 201, engagement.json
    page = money.api.get(f"/v1/shifts?engagement_id={engagement.json['id']}").json
    return dict(page["data"][0])


def test_fifty_clock_outs_of_one_shift_settle_it_once(pg_app: Any, pg_money: Money) -> None:
    shift = _shift_today(pg_money)
    assert pg_money.api.post(f"/v1/shifts/{shift['id']}/clock-in", {}).status_code == 200
    results = _all_at_once(
        50, _post(f"/v1/shifts/{shift['id']}/clock-out", {}), pg_app, pg_money.tenant.api_key
    )
    statuses = Counter(r.status_code for r in results)
    assert statuses == {200: 1, 409: 49}, statuses
    assert {r.json["code"] for r in results if r.status_code == 409} == {"shift_not_in_progress"}
    settled = pg_money.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert len(settled) == 1
    payouts = pg_money.api.get(f"/v1/payouts?worker_id={pg_money.worker_id}").json["data"]
    assert [p["amount"] for p in payouts] == [28_000]
    assert pg_money.escrow()["total"] == 1_000_000 - 28_000
    assert pg_money.audit() == []


def test_clock_in_racing_cancel_one_wins(pg_app: Any, pg_money: Money) -> None:
    """Twenty clock-ins and twenty cancels of one scheduled shift: the first to lock it wins,
    every other gets 409 (`shift_not_scheduled`), and the escrow matches the winner."""
    shift = _shift_today(pg_money)
    path = f"/v1/shifts/{shift['id']}"

    def either(client: ApiClient) -> Any:
        if uuid.uuid4().int % 2:
            return client.post(f"{path}/clock-in", {})
        return client.post(f"{path}/cancel", {}, headers={"Idempotency-Key": str(uuid.uuid4())})

    results = _all_at_once(40, either, pg_app, pg_money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses[200] == 1 and statuses[409] == 39, statuses
    final = pg_money.api.get(path).json["status"]
    assert final in ("in_progress", "cancelled")
    held = 28_000 if final == "in_progress" else 0
    assert pg_money.escrow()["held"] == held
    assert pg_money.audit() == []


def test_a_batch_racing_single_clock_outs_settles_each_shift_once(
    pg_app: Any, pg_money: Money
) -> None:
    """Ten shifts in one batch while each is also clocked out singly, all at once: every
    shift is settled once, by whichever came first; the other answer says so."""
    shifts = []
    for _ in range(10):
        pg_money.worker_id = pg_money.new_worker()
        shifts.append(_shift_today(pg_money)["id"])
        assert pg_money.api.post(f"/v1/shifts/{shifts[-1]}/clock-in", {}).status_code == 200
    batch = {"clock_outs": [{"shift_id": s} for s in shifts]}

    def one(index: int) -> Callable[[ApiClient], Any]:
        if index == 0:
            return _post("/v1/shifts/clock-outs", batch)
        return _post(f"/v1/shifts/{shifts[index - 1]}/clock-out", {})

    calls = [one(i) for i in range(11)]
    results = _all_at_once(11, lambda c: calls.pop()(c), pg_app, pg_money.tenant.api_key)
    [answer] = [r for r in results if "results" in (r.json or {})]
    singles = [r for r in results if "results" not in (r.json or {})]
    by_batch = {r["shift_id"] for r in answer.json["results"] if r["status"] == "settled"}
    by_single = {r.json["id"] for r in singles if r.status_code == 200}
    assert by_batch.isdisjoint(by_single) and by_batch | by_single == set(shifts)
    refused = [r["error"]["code"] for r in answer.json["results"] if r["status"] == "failed"]
    refused += [r.json["code"] for r in singles if r.status_code != 200]
    assert refused == ["shift_not_in_progress"] * 10
    settled = pg_money.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert sorted(e["data"]["object"]["id"] for e in settled) == sorted(shifts)
    assert pg_money.audit() == []
