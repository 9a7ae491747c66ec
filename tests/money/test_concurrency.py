"""Money under concurrency, on PostgreSQL with real connections (threads, each its own
request and transaction): nothing is ever spent or paid twice."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from app.payouts.models import SandboxTransfer
from tests.helpers import ApiClient, database, new_tenant
from tests.money.conftest import Money, make_money

pytestmark = pytest.mark.postgres


@pytest.fixture()
def pg_money(pg_app: Any) -> Money:
    tenant = new_tenant(pg_app)
    return make_money(ApiClient(pg_app.test_client(), tenant.api_key), tenant)


def _all_at_once(n: int, call: Callable[[ApiClient], Any], app: Any, key: str) -> list[Any]:
    """`n` threads, each with its own client, released together by a barrier."""
    barrier = threading.Barrier(n)

    def run(_i: int) -> Any:
        client = ApiClient(app.test_client(), key)
        barrier.wait(30)
        return call(client)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def _post(path: str, body: dict[str, Any]) -> Callable[[ApiClient], Any]:
    return lambda c: c.post(path, body, headers={"Idempotency-Key": str(uuid.uuid4())})


def test_fifty_releases_of_one_hold_pay_once(pg_app: Any, pg_money: Money) -> None:
    pg_money.deposit(100_000)
    hold = pg_money.hold(28_000).json
    path = f"/v1/escrow/holds/{hold['id']}/release"
    results = _all_at_once(
        50, _post(path, {"worker_id": pg_money.worker_id}), pg_app, pg_money.tenant.api_key
    )
    statuses = Counter(r.status_code for r in results)
    assert statuses == {201: 1, 409: 49}, statuses
    assert {r.json["code"] for r in results if r.status_code == 409} == {"hold_not_active"}
    assert pg_money.payable()["posted"] == 28_000
    assert pg_money.escrow()["total"] == 72_000
    assert pg_money.audit() == []


def test_two_hundred_holds_on_escrow_for_one_hundred(pg_app: Any, pg_money: Money) -> None:
    pg_money.deposit(100 * 1_000)
    body = {"employer_id": pg_money.employer_id, "amount": 1_000, "currency": "CNY"}
    results = _all_at_once(200, _post("/v1/escrow/holds", body), pg_app, pg_money.tenant.api_key)
    statuses = Counter(r.status_code for r in results)
    assert statuses == {201: 100, 402: 100}, statuses
    assert {r.json["code"] for r in results if r.status_code == 402} == {
        "insufficient_escrow_balance"
    }
    assert pg_money.escrow() == {
        "employer_id": pg_money.employer_id,
        "currency": "CNY",
        "available": 0,
        "held": 100_000,
        "total": 100_000,
    }
    holds = pg_money.api.get(f"/v1/escrow/holds?limit=100&employer_id={pg_money.employer_id}")
    assert len(holds.json["data"]) == 100 and not holds.json["has_more"]
    assert pg_money.audit() == []


def test_twenty_retries_of_one_failed_payout_transfer_once(pg_app: Any, pg_money: Money) -> None:
    worker = pg_money.new_worker(account_reference="sandbox_no_funds")
    pg_money.deposit(50_000)
    hold = pg_money.hold(30_000).json
    pg_money.release(hold["id"], worker_id=worker)
    failed = pg_money.payout(30_000, worker_id=worker).json
    payout = pg_money.api.get(f"/v1/payouts/{failed['id']}").json
    assert payout["status"] == "failed" and payout["failure_code"] == "insufficient_provider_funds"
    pg_money.api.patch(
        f"/v1/workers/{worker}",
        {
            "payout_account": {
                "kind": "wallet",
                "provider": "wechat",
                "account_reference": "wxid_fixed_0002",
            }
        },
    )
    results = _all_at_once(
        20,
        _post(f"/v1/payouts/{failed['id']}/retry", {"refresh_destination": True}),
        pg_app,
        pg_money.tenant.api_key,
    )
    statuses = Counter(r.status_code for r in results)
    assert statuses == {200: 1, 409: 19}, statuses
    assert pg_money.api.get(f"/v1/payouts/{failed['id']}").json["status"] == "paid"
    with database(pg_app).unit_of_work(tenant_id=pg_money.tenant.id) as session:
        paid = session.scalar(
            select(func.count())
            .select_from(SandboxTransfer)
            .where(SandboxTransfer.payout_id == failed["id"], SandboxTransfer.status == "paid")
        )
    assert paid == 1
    assert pg_money.payable(worker) == {"posted": 0, "pending": 0, "available": 0}
    assert pg_money.audit() == []
