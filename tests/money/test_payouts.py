"""Payouts over HTTP: reserving the payable, the sandbox provider's outcomes (paid, failed,
timed out, returned), reconciling, retrying without ever paying twice, lost jobs, and the
daily reconciliation report. Settling runs the service function the
`gigkit maintenance reconcile` command runs; time is moved by the `clock` fixture, or in the
database where a test fakes a row's history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.events import Event
from app.core.idempotency import IdempotencyRecord
from app.core.jobs import UnitsOfWork
from app.core.time import FrozenClock, now
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.payouts import outcomes, providers
from app.payouts import service as payout_service
from app.payouts.models import Payout, SandboxTransfer
from tests.helpers import (
    ApiClient,
    TenantHandle,
    assert_problem,
    database,
    sent_sql,
    worker_body,
)
from tests.money.conftest import Money, make_money

ZERO = {"posted": 0, "pending": 0, "available": 0}
COUNTED = (
    Payout,
    SandboxTransfer,
    LedgerAccount,
    LedgerTransaction,
    LedgerEntry,
    Event,
    IdempotencyRecord,
)


# --- helpers ----------------------------------------------------------------------------------


@contextmanager
def uow(money: Money) -> Iterator[Session]:
    with database(money.tenant.app).unit_of_work(tenant_id=money.tenant.id) as session:
        yield session


def counts(money: Money) -> dict[str, int]:
    with uow(money) as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)))
            for model in COUNTED
        }


def snapshot(money: Money, worker_id: str | None = None) -> dict[str, Any]:
    return {
        "rows": counts(money),
        "payable": money.payable(worker_id),
        "cash": money.cash(),
        "payouts": [
            (p["id"], p["status"], p["attempt"])
            for p in money.api.get("/v1/payouts?limit=100").json["data"]
        ],
    }


def payable(amount: int) -> dict[str, int]:
    return {"posted": amount, "pending": amount, "available": amount}


def fund(money: Money, amount: int, worker_id: str | None = None) -> None:
    """Deposit, hold and release `amount` into the worker's payable."""
    assert money.deposit(amount).json["status"] == "succeeded"
    hold = money.hold(amount).json
    resp = money.post(
        f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": worker_id or money.worker_id}
    )
    assert resp.status_code == 201, resp.json


def funded_worker(money: Money, reference: str, amount: int) -> str:
    worker_id = money.new_worker(reference)
    fund(money, amount, worker_id)
    return worker_id


def get(money: Money, payout_id: str) -> dict[str, Any]:
    resp = money.api.get(f"/v1/payouts/{payout_id}")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def create(money: Money, amount: int, worker_id: str | None = None) -> dict[str, Any]:
    resp = money.payout(amount, worker_id)
    assert resp.status_code == 201, resp.json
    return get(money, resp.json["id"])


def reconcile(money: Money) -> int:
    with uow(money) as session:
        return payout_service.reconcile(UnitsOfWork.of(session))


def transfers(money: Money, payout_id: str) -> list[tuple[str, str, int, str | None]]:
    """The provider's records for a payout: (idempotency key, status, amount, failure)."""
    with uow(money) as session:
        rows = session.scalars(
            select(SandboxTransfer)
            .where(SandboxTransfer.payout_id == payout_id)
            .order_by(SandboxTransfer.idempotency_key)
        ).all()
        return [(t.idempotency_key, t.status, t.amount, t.failure_code) for t in rows]


def paid_transfers(money: Money, payout_id: str) -> int:
    with uow(money) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(SandboxTransfer)
                .where(SandboxTransfer.payout_id == payout_id, SandboxTransfer.status == "paid")
            )
        )


def txn(money: Money, transaction_id: str) -> dict[str, Any]:
    resp = money.api.get(f"/v1/ledger/transactions/{transaction_id}")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def lines(money: Money, transaction_id: str) -> list[tuple[str, str, int]]:
    found = txn(money, transaction_id)
    kinds = {
        e["account_id"]: money.api.get(f"/v1/ledger/accounts/{e['account_id']}").json["kind"]
        for e in found["entries"]
    }
    return sorted((kinds[e["account_id"]], e["direction"], e["amount"]) for e in found["entries"])


def events(money: Money, type: str, payout_id: str) -> list[dict[str, Any]]:
    page = money.api.get(f"/v1/events?type={type}&limit=100").json
    return [
        e["data"]["object"]
        for e in reversed(page["data"])
        if e["data"]["object"]["id"] == payout_id
    ]


def event_types(money: Money, payout_id: str) -> list[str]:
    page = money.api.get("/v1/events?limit=100").json
    return [
        e["type"]
        for e in reversed(page["data"])
        if e["type"].startswith("payout.") and e["data"]["object"]["id"] == payout_id
    ]


def report(money: Money, day: dt.date) -> dict[str, Any]:
    resp = money.api.get(f"/v1/payouts/reconciliation?date={day.isoformat()}")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def set_account(money: Money, worker_id: str, reference: str | None) -> None:
    account = (
        None
        if reference is None
        else {"kind": "wallet", "provider": "wechat", "account_reference": reference}
    )
    resp = money.api.patch(f"/v1/workers/{worker_id}", {"payout_account": account})
    assert resp.status_code == 200, resp.json


def retry(money: Money, payout_id: str, key: str | None = None, *, refresh: bool = False) -> Any:
    """Retry a payout: to the destination it records, or (`refresh`) the worker's current one."""
    return money.api.post(
        f"/v1/payouts/{payout_id}/retry",
        {"refresh_destination": True} if refresh else {},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def age(money: Money, payout_id: str, minutes: float) -> None:
    """Pretend the payout was last touched `minutes` ago."""
    with uow(money) as session:
        session.execute(
            update(Payout)
            .where(Payout.id == payout_id)
            .values(updated_at=now(session) - dt.timedelta(minutes=minutes))
        )


@pytest.fixture()
def other(client: Any, other_tenant: TenantHandle) -> Money:
    return make_money(ApiClient(client, other_tenant.api_key), other_tenant)


@pytest.fixture()
def utc_day(money: Money) -> dt.date:
    """Today, with the tenant's calendar pinned to UTC, so that "a day" means the same
    whether the report counts UTC days or days in the tenant's time zone."""
    resp = money.api.patch("/v1/tenant", {"time_zone": "UTC"})
    assert resp.status_code == 200, resp.json
    return now().date()


# --- creating ---------------------------------------------------------------------------------


def test_a_paid_payout_posts_the_payable_down(money: Money) -> None:
    fund(money, 30_000)
    assert money.payable() == payable(30_000)
    cash_before = money.cash()
    resp = money.payout(10_000)
    assert resp.status_code == 201, resp.json
    created = resp.json
    assert created["worker_id"] == money.worker_id
    assert (created["amount"], created["currency"], created["attempt"]) == (10_000, "CNY", 1)
    assert created["status"] == "pending"  # the answer of the request; sent right after commit
    assert created["destination_kind"] == "wallet"
    assert created["destination_provider"] == "wechat"
    assert created["destination_masked"].endswith("0001")
    assert "wxid_good_0001" not in resp.get_data(as_text=True)

    paid = get(money, created["id"])
    assert paid["status"] == "paid"
    assert paid["failure_code"] is None
    assert paid["paid_at"] is not None and paid["failed_at"] is None
    assert paid["provider_reference"].startswith("sbt_")
    assert paid["ledger_transaction_id"] == created["ledger_transaction_id"]
    assert paid["return_transaction_id"] is None

    assert money.payable() == payable(20_000)
    assert money.cash() == cash_before - 10_000
    posted = txn(money, paid["ledger_transaction_id"])
    assert posted["status"] == "posted"
    assert (posted["source_type"], posted["source_id"]) == ("payout", created["id"])
    assert lines(money, paid["ledger_transaction_id"]) == [
        ("provider_cash", "credit", 10_000),
        ("worker_payable", "debit", 10_000),
    ]
    assert transfers(money, created["id"]) == [(f"{created['id']}:1", "paid", 10_000, None)]
    assert event_types(money, created["id"]) == ["payout.created", "payout.paid"]
    assert events(money, "payout.paid", created["id"])[0]["status"] == "paid"

    # the rest can be paid too, and then nothing more
    create(money, 20_000)
    assert money.payable() == ZERO
    assert_problem(money.payout(1), 402, "insufficient_payable_balance")
    assert money.audit() == []


def test_a_worker_without_a_payout_account_cannot_be_paid(money: Money) -> None:
    worker_id = money.api.post("/v1/workers", worker_body()).json["id"]
    fund(money, 10_000, worker_id)
    before = snapshot(money, worker_id)
    problem = assert_problem(money.payout(10_000, worker_id), 422, "payout_account_missing")
    assert "PATCH" in problem["detail"]
    assert snapshot(money, worker_id) == before
    assert money.payable(worker_id) == payable(10_000)

    set_account(money, worker_id, "wxid_later_7777")
    paid = create(money, 10_000, worker_id)
    assert (paid["status"], paid["destination_masked"][-4:]) == ("paid", "7777")
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


def test_more_than_the_payable_is_refused_and_writes_nothing(money: Money) -> None:
    fund(money, 10_000)
    nobody = money.new_worker("wxid_nobody_0003")
    before = snapshot(money)
    problem = assert_problem(money.payout(10_001), 402, "insufficient_payable_balance")
    assert "10000" in problem["detail"]
    assert snapshot(money) == before
    # another currency has its own (empty) payable
    resp = money.post("/v1/payouts", {"worker_id": money.worker_id, "amount": 1, "currency": "USD"})
    assert_problem(resp, 402, "insufficient_payable_balance")
    assert snapshot(money) == before
    # a worker with nothing earned
    assert_problem(money.payout(1, nobody), 402, "insufficient_payable_balance")
    assert snapshot(money) == before
    assert money.audit() == []


def test_a_refused_payout_names_the_workers_payable_not_the_providers_cash(money: Money) -> None:
    """The posting also credits provider_cash (created first, so locked first): the refusal
    must still explain the payable, which is what is short."""
    assert money.deposit(30_000).json["status"] == "succeeded"
    hold = money.hold(10_000).json
    assert money.release(hold["id"]).status_code == 201
    assert money.payable() == payable(10_000) and money.cash() == 30_000
    for amount in (10_001, 30_001):
        problem = assert_problem(money.payout(amount), 402, "insufficient_payable_balance")
        assert "worker_payable" in problem["detail"], problem["detail"]
        assert "10000 CNY" in problem["detail"] and "30000" not in problem["detail"]


def test_money_on_its_way_out_cannot_be_paid_twice(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_timeout", 10_000)
    first = create(money, 10_000, worker_id)
    assert first["status"] == "processing"
    assert money.payable(worker_id) == {"posted": 10_000, "pending": 0, "available": 0}
    before = snapshot(money, worker_id)
    assert_problem(money.payout(1, worker_id), 402, "insufficient_payable_balance")
    assert snapshot(money, worker_id) == before


def test_bad_payout_bodies_are_refused(money: Money, other: Money) -> None:
    fund(money, 10_000)
    before = snapshot(money)
    good = {"worker_id": money.worker_id, "amount": 1_000, "currency": "CNY"}
    for change, param in [
        ({"amount": 0}, "amount"),
        ({"amount": -1}, "amount"),
        ({"amount": 1.5}, "amount"),
        ({"amount": "100"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": 10**16}, "amount"),
        ({"amount": 2**63}, "amount"),
        ({"currency": "XXX"}, "currency"),
        ({"currency": "cny"}, "currency"),
        ({"worker_id": "wkr_1"}, "worker_id"),
        ({"worker_id": money.employer_id}, "worker_id"),
        ({"status": "paid"}, "status"),
    ]:
        problem = assert_problem(
            money.post("/v1/payouts", {**good, **change}), 422, "validation_error"
        )
        assert problem["param"] == param, change
    for missing in good:
        body = {k: v for k, v in good.items() if k != missing}
        problem = assert_problem(money.post("/v1/payouts", body), 422, "validation_error")
        assert problem["param"] == missing
    assert_problem(
        money.post("/v1/payouts", {**good, "worker_id": "wkr_" + "1" * 26}), 404, "resource_missing"
    )
    assert_problem(
        money.post("/v1/payouts", {**good, "worker_id": other.worker_id}), 404, "resource_missing"
    )
    assert snapshot(money) == before


def test_payout_posts_require_an_idempotency_key(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    failed = create(money, 10_000, worker_id)
    before = snapshot(money, worker_id)
    body = {"worker_id": worker_id, "amount": 1_000, "currency": "CNY"}
    assert_problem(money.api.post("/v1/payouts", body), 400, "idempotency_key_required")
    assert_problem(
        money.api.post(f"/v1/payouts/{failed['id']}/retry", {}), 400, "idempotency_key_required"
    )
    assert snapshot(money, worker_id) == before
    assert get(money, failed["id"])["status"] == "failed"


def test_payouts_need_the_payouts_scopes(money: Money) -> None:
    fund(money, 10_000)
    paid = create(money, 1_000)
    reader = ApiClient(money.api.client, money.tenant.key(["payouts:read"]))
    assert reader.get(f"/v1/payouts/{paid['id']}").status_code == 200
    before = snapshot(money)
    body = {"worker_id": money.worker_id, "amount": 1_000, "currency": "CNY"}
    problem = assert_problem(
        reader.post("/v1/payouts", body, headers={"Idempotency-Key": "k1"}),
        403,
        "insufficient_scope",
    )
    assert problem["required_scopes"] == ["payouts:write"]
    escrow_only = ApiClient(money.api.client, money.tenant.key(["escrow:write"]))
    assert_problem(escrow_only.get("/v1/payouts"), 403, "insufficient_scope")
    assert snapshot(money) == before


def test_a_replayed_payout_pays_once(money: Money) -> None:
    fund(money, 30_000)
    key = str(uuid.uuid4())
    body = {"worker_id": money.worker_id, "amount": 10_000, "currency": "CNY"}
    first = money.api.post("/v1/payouts", body, headers={"Idempotency-Key": key})
    second = money.api.post("/v1/payouts", body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json == first.json
    assert [p["id"] for p in money.api.get("/v1/payouts").json["data"]] == [first.json["id"]]
    assert paid_transfers(money, first.json["id"]) == 1
    assert money.payable() == payable(20_000)
    assert money.audit() == []


# --- the sandbox's outcomes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "failure_code"),
    [("sandbox_no_funds", "insufficient_provider_funds"), ("sandbox_closed", "account_closed")],
)
def test_a_failed_payout_gives_the_money_back_to_the_payable(
    money: Money, reference: str, failure_code: str
) -> None:
    worker_id = funded_worker(money, reference, 10_000)
    cash_before = money.cash()
    failed = create(money, 10_000, worker_id)
    assert (failed["status"], failed["failure_code"]) == ("failed", failure_code)
    assert failed["failed_at"] is not None and failed["paid_at"] is None
    assert failed["provider_reference"].startswith("sbt_")

    assert money.payable(worker_id) == payable(10_000)
    assert money.cash() == cash_before
    archived = txn(money, failed["ledger_transaction_id"])
    assert archived["status"] == "archived"
    assert archived["archived_at"] is not None and archived["posted_at"] is None
    assert transfers(money, failed["id"]) == [(f"{failed['id']}:1", "failed", 10_000, failure_code)]
    assert event_types(money, failed["id"]) == ["payout.created", "payout.failed"]
    assert events(money, "payout.failed", failed["id"])[0]["failure_code"] == failure_code

    # reconciling changes nothing about a definite failure
    assert reconcile(money) == 0
    assert get(money, failed["id"])["status"] == "failed"
    assert money.payable(worker_id) == payable(10_000)
    assert money.audit() == []


def test_a_timed_out_payout_is_processing_until_reconciled(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_timeout", 10_000)
    cash_before = money.cash()
    processing = create(money, 10_000, worker_id)
    assert processing["status"] == "processing"
    assert processing["paid_at"] is None and processing["failure_code"] is None
    assert money.payable(worker_id) == {"posted": 10_000, "pending": 0, "available": 0}
    assert txn(money, processing["ledger_transaction_id"])["status"] == "pending"
    assert money.cash() == cash_before  # pending money has not left yet
    # the transfer did happen at the provider, once
    assert transfers(money, processing["id"]) == [(f"{processing['id']}:1", "paid", 10_000, None)]
    assert_problem(retry(money, processing["id"]), 409, "invalid_state")

    assert reconcile(money) == 1
    paid = get(money, processing["id"])
    assert paid["status"] == "paid" and paid["paid_at"] is not None
    assert paid["provider_reference"].startswith("sbt_")
    assert money.payable(worker_id) == ZERO
    assert money.cash() == cash_before - 10_000
    assert txn(money, paid["ledger_transaction_id"])["status"] == "posted"
    assert paid_transfers(money, paid["id"]) == 1
    assert event_types(money, paid["id"]) == ["payout.created", "payout.processing", "payout.paid"]

    assert reconcile(money) == 0
    assert money.payable(worker_id) == ZERO
    assert paid_transfers(money, paid["id"]) == 1
    assert money.audit() == []


def test_a_returned_payout_is_reversed_into_the_payable(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_returned", 10_000)
    cash_before = money.cash()
    paid = create(money, 10_000, worker_id)
    assert paid["status"] == "paid"
    assert money.payable(worker_id) == ZERO
    assert money.cash() == cash_before - 10_000

    assert reconcile(money) == 1
    returned = get(money, paid["id"])
    assert returned["status"] == "returned"
    assert returned["returned_at"] is not None
    assert returned["return_transaction_id"].startswith("ltx_")
    assert returned["ledger_transaction_id"] == paid["ledger_transaction_id"]
    reversal = txn(money, returned["return_transaction_id"])
    assert reversal["status"] == "posted"
    assert reversal["reverses_id"] == paid["ledger_transaction_id"]
    assert (reversal["source_type"], reversal["source_id"]) == ("payout", paid["id"])
    assert lines(money, returned["return_transaction_id"]) == [
        ("provider_cash", "debit", 10_000),
        ("worker_payable", "credit", 10_000),
    ]
    assert txn(money, paid["ledger_transaction_id"])["status"] == "posted"  # never edited
    assert money.payable(worker_id) == payable(10_000)
    assert money.cash() == cash_before
    assert event_types(money, paid["id"]) == ["payout.created", "payout.paid", "payout.returned"]

    # reconciling again reverses nothing twice; a returned payout is not retried
    assert reconcile(money) == 0
    assert money.payable(worker_id) == payable(10_000)
    assert_problem(retry(money, paid["id"]), 409, "invalid_state")
    # the returned money can be paid out again, to a working account
    set_account(money, worker_id, "wxid_fixed_4242")
    again = create(money, 10_000, worker_id)
    assert again["status"] == "paid"
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


def test_normal_payouts_are_not_changed_by_reconcile(money: Money) -> None:
    fund(money, 20_000)
    paid = create(money, 20_000)
    assert reconcile(money) == 0
    assert get(money, paid["id"]) == paid
    assert money.payable() == ZERO
    assert money.audit() == []


def test_reconcile_asks_about_many_paid_payouts_at_once_and_touches_none(money: Money) -> None:
    """Every payout paid in the return window is watched every minute: the provider is asked
    about all of them in one query (the sandbox's), and none that is still paid is locked
    or written (before: a provider round trip and a transaction per payout)."""
    fund(money, 12 * 1_000)
    for _ in range(12):
        assert create(money, 1_000)["status"] == "paid"
    with sent_sql(money.tenant.app) as sent:
        assert reconcile(money) == 0
    assert len([s for s in sent if "sandbox_transfers" in s]) == 1, sent
    assert not [s for s in sent if "FOR UPDATE" in s or s.lstrip().startswith("UPDATE")], sent


# --- retrying ---------------------------------------------------------------------------------


def test_only_a_failed_payout_can_be_retried(money: Money, other: Money) -> None:
    fund(money, 10_000)
    paid = create(money, 10_000)
    before = snapshot(money)
    problem = assert_problem(retry(money, paid["id"]), 409, "invalid_state")
    assert "failed" in problem["detail"]
    assert snapshot(money) == before
    assert get(money, paid["id"]) == paid
    assert paid_transfers(money, paid["id"]) == 1

    fund(other, 5_000)
    foreign = create(other, 5_000)
    assert_problem(retry(money, foreign["id"]), 404, "resource_missing")
    assert_problem(money.api.get(f"/v1/payouts/{foreign['id']}"), 404, "resource_missing")
    assert_problem(retry(money, "po_" + "1" * 26), 404, "resource_missing")
    assert get(other, foreign["id"])["attempt"] == 1


def test_a_retry_after_fixing_the_account_pays_exactly_once(money: Money, utc_day: dt.date) -> None:
    worker_id = funded_worker(money, "sandbox_no_funds", 10_000)
    failed = create(money, 10_000, worker_id)
    assert failed["status"] == "failed"
    first_txn = failed["ledger_transaction_id"]

    set_account(money, worker_id, "wxid_fixed_9999")
    resp = retry(money, failed["id"], refresh=True)
    assert resp.status_code == 200, resp.json
    assert (resp.json["status"], resp.json["attempt"]) == ("pending", 2)
    assert resp.json["failure_code"] is None

    paid = get(money, failed["id"])
    assert (paid["status"], paid["attempt"]) == ("paid", 2)
    assert paid["failure_code"] is None
    assert paid["ledger_transaction_id"] != first_txn
    assert txn(money, first_txn)["status"] == "archived"
    assert txn(money, paid["ledger_transaction_id"])["status"] == "posted"
    assert money.payable(worker_id) == ZERO

    assert paid_transfers(money, failed["id"]) == 1
    assert transfers(money, failed["id"]) == [
        (f"{failed['id']}:1", "failed", 10_000, "insufficient_provider_funds"),
        (f"{failed['id']}:2", "paid", 10_000, None),
    ]
    assert event_types(money, failed["id"]) == [
        "payout.created",
        "payout.failed",
        "payout.retried",
        "payout.paid",
    ]
    assert events(money, "payout.retried", failed["id"])[0]["attempt"] == 2

    # nothing more can happen to it
    assert_problem(retry(money, failed["id"]), 409, "invalid_state")
    assert reconcile(money) == 0
    assert paid_transfers(money, failed["id"]) == 1
    assert money.payable(worker_id) == ZERO
    assert report(money, utc_day)["mismatches"] == []
    assert money.audit() == []


def test_a_retry_shows_the_account_it_actually_pays(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    failed = create(money, 10_000, worker_id)
    assert failed["destination_masked"].endswith("osed")
    set_account(money, worker_id, "wxid_fixed_5150")
    assert retry(money, failed["id"], refresh=True).status_code == 200
    paid = get(money, failed["id"])
    assert paid["status"] == "paid"
    # the money went to the fixed account: the payout must not name the closed one
    assert paid["destination_masked"].endswith("5150"), paid["destination_masked"]
    assert [a["destination_masked"][-4:] for a in paid["attempts"]] == ["osed", "5150"]


def test_a_retry_that_fails_again_gives_the_money_back_again(
    money: Money, utc_day: dt.date
) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    failed = create(money, 10_000, worker_id)
    again = retry(money, failed["id"])
    assert again.status_code == 200, again.json
    second = get(money, failed["id"])
    assert (second["status"], second["attempt"], second["failure_code"]) == (
        "failed",
        2,
        "account_closed",
    )
    assert money.payable(worker_id) == payable(10_000)
    assert paid_transfers(money, failed["id"]) == 0
    assert [t[:2] for t in transfers(money, failed["id"])] == [
        (f"{failed['id']}:1", "failed"),
        (f"{failed['id']}:2", "failed"),
    ]
    assert report(money, utc_day)["mismatches"] == []
    assert money.audit() == []


def test_a_refreshing_retry_without_a_payout_account_is_refused(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    failed = create(money, 10_000, worker_id)
    set_account(money, worker_id, None)
    before = snapshot(money, worker_id)
    assert_problem(retry(money, failed["id"], refresh=True), 422, "payout_account_missing")
    assert snapshot(money, worker_id) == before
    assert get(money, failed["id"])["status"] == "failed"
    assert money.payable(worker_id) == payable(10_000)
    # without a refresh, the retry pays the recorded destination, which needs no account now
    assert retry(money, failed["id"]).status_code == 200
    again = get(money, failed["id"])
    assert (again["status"], again["attempt"], again["failure_code"]) == (
        "failed",
        2,
        "account_closed",
    )
    assert money.payable(worker_id) == payable(10_000)


def test_a_retry_cannot_spend_money_already_paid_out(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_no_funds", 10_000)
    failed = create(money, 10_000, worker_id)
    set_account(money, worker_id, "wxid_fixed_1234")
    # the same money is paid by a new payout instead
    assert create(money, 10_000, worker_id)["status"] == "paid"
    assert money.payable(worker_id) == ZERO
    before = snapshot(money, worker_id)
    assert_problem(retry(money, failed["id"]), 402, "insufficient_payable_balance")
    assert snapshot(money, worker_id) == before
    unchanged = get(money, failed["id"])
    assert (unchanged["status"], unchanged["attempt"]) == ("failed", 1)
    assert paid_transfers(money, failed["id"]) == 0
    assert money.audit() == []


def test_a_replayed_retry_starts_one_attempt(money: Money) -> None:
    worker_id = funded_worker(money, "sandbox_no_funds", 10_000)
    failed = create(money, 10_000, worker_id)
    set_account(money, worker_id, "wxid_fixed_8080")
    key = str(uuid.uuid4())
    first = retry(money, failed["id"], key, refresh=True)
    second = retry(money, failed["id"], key, refresh=True)
    assert first.status_code == second.status_code == 200
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json == first.json
    final = get(money, failed["id"])
    assert (final["status"], final["attempt"]) == ("paid", 2)
    assert paid_transfers(money, failed["id"]) == 1
    assert money.payable(worker_id) == ZERO


# --- lost jobs and the two-minute rule --------------------------------------------------------


def test_a_payout_whose_send_never_happened_is_sent_by_reconcile_after_two_minutes(
    money: Money, monkeypatch: pytest.MonkeyPatch, clock: FrozenClock
) -> None:
    fund(money, 10_000)

    def network_down(self: Any, **_: Any) -> Any:
        raise RuntimeError("connection refused")

    monkeypatch.setattr(providers.SandboxPayouts, "send", network_down)
    stuck = create(money, 10_000)
    monkeypatch.undo()
    assert stuck["status"] == "pending"
    assert transfers(money, stuck["id"]) == []
    assert money.payable() == {"posted": 10_000, "pending": 0, "available": 0}

    # a pending payout not older than two minutes (on the one clock) may still have its job
    clock.advance(minutes=2)
    assert reconcile(money) == 0
    assert get(money, stuck["id"])["status"] == "pending"
    assert transfers(money, stuck["id"]) == []

    clock.advance(seconds=1)
    reconcile(money)  # re-sends it (the job runs right after reconcile commits)
    paid = get(money, stuck["id"])
    assert (paid["status"], paid["attempt"]) == ("paid", 1)
    assert dt.datetime.fromisoformat(paid["paid_at"]) == clock.now()
    assert transfers(money, stuck["id"]) == [(f"{stuck['id']}:1", "paid", 10_000, None)]
    assert money.payable() == ZERO
    assert money.audit() == []


def test_a_payout_paid_by_the_provider_but_not_recorded_is_settled_without_paying_again(
    money: Money, monkeypatch: pytest.MonkeyPatch
) -> None:
    fund(money, 10_000)

    def crash(*_: Any, **__: Any) -> Any:
        raise RuntimeError("worker killed after the provider answered")

    monkeypatch.setattr(outcomes, "apply_many", crash)  # what the send job applies with
    stuck = create(money, 10_000)
    monkeypatch.undo()
    assert stuck["status"] == "pending"
    assert transfers(money, stuck["id"]) == [(f"{stuck['id']}:1", "paid", 10_000, None)]
    assert money.payable() == {"posted": 10_000, "pending": 0, "available": 0}

    age(money, stuck["id"], 3)
    assert reconcile(money) == 1
    assert get(money, stuck["id"])["status"] == "paid"
    assert paid_transfers(money, stuck["id"]) == 1
    assert money.payable() == ZERO
    # running the job again is harmless
    with uow(money) as session:
        assert payout_service.send_payout(UnitsOfWork.of(session), payout_id=stuck["id"]) == "paid"
    assert paid_transfers(money, stuck["id"]) == 1
    assert money.audit() == []


# --- listing ----------------------------------------------------------------------------------


def test_payouts_are_listed_by_worker_and_status(money: Money, other: Money) -> None:
    fund(money, 20_000)
    closed = funded_worker(money, "sandbox_closed", 5_000)
    slow = funded_worker(money, "sandbox_timeout", 5_000)
    a = create(money, 10_000)["id"]
    b = create(money, 10_000)["id"]
    failed = create(money, 5_000, closed)["id"]
    processing = create(money, 5_000, slow)["id"]
    fund(other, 1_000)
    create(other, 1_000)

    def ids(query: str) -> list[str]:
        resp = money.api.get(f"/v1/payouts?{query}")
        assert resp.status_code == 200, resp.json
        return [p["id"] for p in resp.json["data"]]

    assert ids("") == [processing, failed, b, a]
    assert ids(f"worker_id={money.worker_id}") == [b, a]
    assert ids(f"worker_id={closed}") == [failed]
    assert ids("status=paid") == [b, a]
    assert ids("status=failed") == [failed]
    assert ids("status=processing") == [processing]
    assert ids("status=returned") == []
    assert ids(f"worker_id={money.worker_id}&status=failed") == []
    assert ids(f"worker_id={other.worker_id}") == []
    assert ids("limit=2") == [processing, failed]
    page = money.api.get("/v1/payouts?limit=2").json
    assert page["has_more"] is True
    rest = money.api.get(f"/v1/payouts?limit=2&cursor={page['next_cursor']}").json
    assert [p["id"] for p in rest["data"]] == [b, a] and rest["has_more"] is False
    for bad in ("status=done", "worker_id=wkr_1", f"worker_id={money.employer_id}"):
        assert_problem(money.api.get(f"/v1/payouts?{bad}"), 422, "validation_error")


# --- the reconciliation report ----------------------------------------------------------------


def test_the_reconciliation_is_clean_after_normal_payouts(
    money: Money, utc_day: dt.date, other: Money
) -> None:
    fund(money, 30_000)
    closed = funded_worker(money, "sandbox_no_funds", 5_000)
    create(money, 10_000)
    create(money, 20_000)
    failed = create(money, 5_000, closed)
    set_account(money, closed, "wxid_fixed_3030")
    assert retry(money, failed["id"], refresh=True).status_code == 200
    fund(other, 1_000)
    create(other, 1_000)

    today = report(money, utc_day)
    assert today == {
        "date": utc_day.isoformat(),
        "provider_transfers": 4,  # two paid, one failed first attempt, its paid retry
        "payouts": 3,
        "mismatches": [],
    }
    yesterday = report(money, utc_day - dt.timedelta(days=1))
    assert (yesterday["provider_transfers"], yesterday["payouts"]) == (0, 0)
    assert yesterday["mismatches"] == []
    assert_problem(money.api.get("/v1/payouts/reconciliation"), 422, "validation_error")
    assert_problem(
        money.api.get("/v1/payouts/reconciliation?date=2026-13-01"), 422, "validation_error"
    )


@pytest.mark.parametrize("time_zone", ["Asia/Shanghai", "UTC", "America/Los_Angeles"])
def test_the_reconciliation_covers_every_day_it_can_represent(money: Money, time_zone: str) -> None:
    """0001-01-01 and 9999-12-31 have a start or an end outside what a datetime can hold in
    some time zone: refused as invalid input (never a 500); the days inside are reported."""
    assert money.api.patch("/v1/tenant", {"time_zone": time_zone}).status_code == 200
    for day in ("0001-01-01", "9999-12-31"):
        resp = money.api.get(f"/v1/payouts/reconciliation?date={day}")
        problem = assert_problem(resp, 422, "validation_error")
        assert problem["errors"][0]["field"] == "date"
        assert "0001-01-02" in problem["errors"][0]["message"]
        assert "9999-12-30" in problem["errors"][0]["message"]
    for day in ("0001-01-02", "9999-12-30"):
        assert report(money, dt.date.fromisoformat(day)) == {
            "date": day,
            "provider_transfers": 0,
            "payouts": 0,
            "mismatches": [],
        }


def test_the_reconciliation_reports_an_amount_the_provider_changed(
    money: Money, utc_day: dt.date
) -> None:
    fund(money, 10_000)
    paid = create(money, 10_000)
    with uow(money) as session:
        session.execute(
            update(SandboxTransfer)
            .where(SandboxTransfer.payout_id == paid["id"])
            .values(amount=9_999)
        )
    assert report(money, utc_day)["mismatches"] == [
        {
            "kind": "amount_differs",
            "payout_id": paid["id"],
            "provider_reference": paid["provider_reference"],
            "detail": "provider 9999 CNY, payout 10000 CNY",
        }
    ]


def test_the_reconciliation_reports_a_paid_payout_the_provider_does_not_know(
    money: Money,
    utc_day: dt.date,
) -> None:
    fund(money, 10_000)
    paid = create(money, 10_000)
    # PostgreSQL's app role may not DELETE provider records: re-key it instead
    with uow(money) as session:
        session.execute(
            update(SandboxTransfer)
            .where(SandboxTransfer.payout_id == paid["id"])
            .values(idempotency_key="somebody-else:1")
        )
    found = report(money, utc_day)
    assert found["provider_transfers"] == 1 and found["payouts"] == 1
    missing = [m for m in found["mismatches"] if m["kind"] == "missing_at_provider"]
    assert missing == [
        {
            "kind": "missing_at_provider",
            "payout_id": paid["id"],
            "provider_reference": None,
            "detail": "payout is paid; the provider has no transfer",
        }
    ]
    # the re-keyed transfer is no longer this payout's: reported too, under either name
    stray = [m for m in found["mismatches"] if m["kind"] != "missing_at_provider"]
    assert [(m["payout_id"], m["provider_reference"]) for m in stray] == [
        (paid["id"], paid["provider_reference"])
    ]
    assert stray[0]["kind"] in ("unknown_transfer", "status_differs")


def test_the_reconciliation_reports_a_payout_marked_paid_that_was_never_sent(
    money: Money, utc_day: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    fund(money, 10_000)

    def network_down(self: Any, **_: Any) -> Any:
        raise RuntimeError("connection refused")

    monkeypatch.setattr(providers.SandboxPayouts, "send", network_down)
    never_sent = create(money, 10_000)
    monkeypatch.undo()
    assert report(money, utc_day)["mismatches"] == []  # pending, not sent: nothing to compare yet
    with uow(money) as session:
        session.execute(
            update(Payout)
            .where(Payout.id == never_sent["id"])
            .values(status="paid", paid_at=now(session))
        )
    assert report(money, utc_day)["mismatches"] == [
        {
            "kind": "missing_at_provider",
            "payout_id": never_sent["id"],
            "provider_reference": None,
            "detail": "payout is paid; the provider has no transfer",
        }
    ]


def test_the_reconciliation_reports_a_failed_transfer_behind_a_paid_payout(
    money: Money,
    utc_day: dt.date,
) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    failed = create(money, 10_000, worker_id)
    with uow(money) as session:
        session.execute(
            update(Payout)
            .where(Payout.id == failed["id"])
            .values(status="paid", paid_at=now(session), failed_at=None)
        )
    assert report(money, utc_day)["mismatches"] == [
        {
            "kind": "status_differs",
            "payout_id": failed["id"],
            "provider_reference": failed["provider_reference"],
            "detail": "provider failed, payout paid",
        }
    ]


def test_the_reconciliation_shows_returns_and_timeouts_until_reconciled(
    money: Money, utc_day: dt.date
) -> None:
    returning = funded_worker(money, "sandbox_returned", 10_000)
    timing_out = funded_worker(money, "sandbox_timeout", 5_000)
    returned = create(money, 10_000, returning)
    processing = create(money, 5_000, timing_out)
    assert paid_transfers(money, returned["id"]) == paid_transfers(money, processing["id"]) == 1
    kinds = sorted(
        (m["kind"], m["payout_id"], m["detail"]) for m in report(money, utc_day)["mismatches"]
    )
    assert kinds == sorted(
        [
            ("status_differs", returned["id"], "provider returned, payout paid"),
            ("status_differs", processing["id"], "provider paid, payout processing"),
        ]
    )
    assert reconcile(money) == 2
    assert get(money, returned["id"])["status"] == "returned"
    assert get(money, processing["id"])["status"] == "paid"
    assert report(money, utc_day)["mismatches"] == []
    assert money.audit() == []


def test_a_payout_sent_after_midnight_is_reconciled_without_false_mismatches(
    money: Money, utc_day: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Created late yesterday, its job lost, re-sent today by reconcile: paid exactly once,
    so neither day's report may call it a mismatch."""
    fund(money, 10_000)

    def network_down(self: Any, **_: Any) -> Any:
        raise RuntimeError("connection refused")

    monkeypatch.setattr(providers.SandboxPayouts, "send", network_down)
    late = create(money, 10_000)
    monkeypatch.undo()
    today = utc_day
    late_yesterday = dt.datetime.combine(today, dt.time(), dt.UTC) - dt.timedelta(seconds=30)
    with uow(money) as session:
        session.execute(
            update(Payout)
            .where(Payout.id == late["id"])
            .values(created_at=late_yesterday, updated_at=late_yesterday)
        )
    reconcile(money)
    paid = get(money, late["id"])
    assert paid["status"] == "paid"
    assert transfers(money, late["id"]) == [(f"{late['id']}:1", "paid", 10_000, None)]
    assert money.payable() == ZERO

    assert report(money, today)["mismatches"] == []
    assert report(money, today - dt.timedelta(days=1))["mismatches"] == []
