"""Escrow over HTTP: deposits, holds, releases, cancels, refunds, balances, bad input and
idempotent replays. Every amount is asserted exactly, and every refusal is checked to have
written nothing (row counts of every money table, balances, the idempotency store)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import AppError
from app.core.events import Event
from app.core.idempotency import IdempotencyRecord
from app.core.time import FrozenClock, now
from app.escrow import service as escrow_service
from app.escrow.models import Deposit, Hold, Refund, Release
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from app.payouts.models import Payout
from tests.helpers import ApiClient, TenantHandle, assert_problem, credit_code, database
from tests.money.conftest import Money, make_money

SYSTEM = Actor("system", None)
COUNTED = (
    Deposit,
    Hold,
    Release,
    Refund,
    Payout,
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
    """How many rows of every money table this tenant has."""
    with uow(money) as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)))
            for model in COUNTED
        }


def snapshot(money: Money) -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    return {
        "rows": counts(money),
        "escrow": money.escrow(),
        "payable": money.payable(),
        "cash": money.cash(),
        "holds": [
            (h["id"], h["status"], h["remaining"])
            for h in money.api.get("/v1/escrow/holds?limit=100").json["data"]
        ],
    }


def escrow_of(money: Money, currency: str = "CNY", employer_id: str | None = None) -> Any:
    return money.api.get(
        f"/v1/employers/{employer_id or money.employer_id}/escrow?currency={currency}"
    )


def balance(available: int, held: int, money: Money, currency: str = "CNY") -> dict[str, Any]:
    return {
        "employer_id": money.employer_id,
        "currency": currency,
        "available": available,
        "held": held,
        "total": available + held,
    }


def events(money: Money, type: str) -> list[dict[str, Any]]:
    """The objects of this tenant's events of one type, oldest first."""
    page = money.api.get(f"/v1/events?type={type}&limit=100").json
    return [e["data"]["object"] for e in reversed(page["data"])]


def account_id(money: Money, kind: str, owner_id: str, currency: str = "CNY") -> str:
    page = money.api.get(
        f"/v1/ledger/accounts?kind={kind}&owner_id={owner_id}&currency={currency}"
    ).json
    assert len(page["data"]) == 1, page
    return str(page["data"][0]["id"])


def entry_lines(money: Money, transaction_id: str) -> list[tuple[str, str, int]]:
    """(account kind, direction, amount) of each entry of a transaction, sorted."""
    txn = money.api.get(f"/v1/ledger/transactions/{transaction_id}").json
    kinds = {}
    for entry in txn["entries"]:
        account = money.api.get(f"/v1/ledger/accounts/{entry['account_id']}").json
        kinds[entry["account_id"]] = account["kind"]
    return sorted((kinds[e["account_id"]], e["direction"], e["amount"]) for e in txn["entries"])


def post_with_key(money: Money, path: str, body: dict[str, Any], key: str) -> Any:
    return money.api.post(path, body, headers={"Idempotency-Key": key})


def move_deposit_back(money: Money, deposit_id: str, seconds: float) -> None:
    with uow(money) as session:
        session.execute(
            update(Deposit)
            .where(Deposit.id == deposit_id)
            .values(created_at=now(session) - dt.timedelta(seconds=seconds))
        )


def refresh_deposits(money: Money) -> int:
    with uow(money) as session:
        return escrow_service.refresh_pending_deposits(session, actor=SYSTEM)


@pytest.fixture()
def other(client: Any, other_tenant: TenantHandle) -> Money:
    """A second tenant with its own employer and worker."""
    return make_money(ApiClient(client, other_tenant.api_key), other_tenant)


# --- deposits ---------------------------------------------------------------------------------


def test_a_succeeded_deposit_is_available_escrow_at_once(money: Money) -> None:
    resp = money.deposit(250_000)
    assert resp.status_code == 201, resp.json
    deposit = resp.json
    assert deposit["employer_id"] == money.employer_id
    assert (deposit["amount"], deposit["currency"]) == (250_000, "CNY")
    assert (deposit["status"], deposit["failure_code"]) == ("succeeded", None)
    assert deposit["provider"] == "sandbox"
    assert deposit["ledger_transaction_id"].startswith("ltx_")
    assert money.api.get(f"/v1/escrow/deposits/{deposit['id']}").json == deposit

    assert money.escrow() == balance(250_000, 0, money)
    assert money.cash() == 250_000

    txn = money.api.get(f"/v1/ledger/transactions/{deposit['ledger_transaction_id']}").json
    assert txn["status"] == "posted"
    assert (txn["source_type"], txn["source_id"]) == ("escrow_deposit", deposit["id"])
    assert entry_lines(money, txn["id"]) == [
        ("employer_escrow", "credit", 250_000),
        ("provider_cash", "debit", 250_000),
    ]
    assert [d["id"] for d in events(money, "escrow.deposit.succeeded")] == [deposit["id"]]
    assert events(money, "escrow.deposit.succeeded")[0]["status"] == "succeeded"

    # a second deposit adds up
    assert money.deposit(50_000).json["status"] == "succeeded"
    assert money.escrow() == balance(300_000, 0, money)
    assert counts(money)["ledger_transactions"] == 2
    assert money.audit() == []


def test_a_declined_deposit_fails_and_moves_no_money(money: Money) -> None:
    resp = money.deposit(400_002)
    assert resp.status_code == 201, resp.json
    deposit = resp.json
    assert (deposit["status"], deposit["failure_code"]) == ("failed", "funding_declined")
    assert deposit["ledger_transaction_id"] is None
    assert money.api.get(f"/v1/escrow/deposits/{deposit['id']}").json["status"] == "failed"

    assert money.escrow() == balance(0, 0, money)
    assert money.cash() == 0
    assert counts(money)["ledger_transactions"] == 0
    assert [d["id"] for d in events(money, "escrow.deposit.failed")] == [deposit["id"]]
    assert events(money, "escrow.deposit.failed")[0]["failure_code"] == "funding_declined"
    assert events(money, "escrow.deposit.succeeded") == []
    assert events(money, "escrow.deposit.pending") == []

    # a failed deposit is final: checking pending deposits does not touch it
    move_deposit_back(money, deposit["id"], 60)
    assert refresh_deposits(money) == 0
    assert money.api.get(f"/v1/escrow/deposits/{deposit['id']}").json["status"] == "failed"
    assert money.escrow() == balance(0, 0, money)
    # and nothing can be held from it
    assert_problem(money.hold(1), 402, "insufficient_escrow_balance")
    assert money.audit() == []


def test_a_delayed_deposit_is_pending_until_checked_five_seconds_later(
    money: Money, clock: FrozenClock
) -> None:
    resp = money.deposit(400_003)
    assert resp.status_code == 201, resp.json
    deposit = resp.json
    assert (deposit["status"], deposit["failure_code"]) == ("pending", None)
    assert deposit["ledger_transaction_id"] is None
    assert money.escrow() == balance(0, 0, money)
    assert money.cash() == 0
    assert counts(money)["ledger_transactions"] == 0
    assert [d["id"] for d in events(money, "escrow.deposit.pending")] == [deposit["id"]]
    # pending money cannot be held
    assert_problem(money.hold(1), 402, "insufficient_escrow_balance")

    # checked at once, and 4.999 s after creation on the one clock: still pending
    assert refresh_deposits(money) == 0
    clock.advance(seconds=4.999)
    assert refresh_deposits(money) == 0
    assert money.api.get(f"/v1/escrow/deposits/{deposit['id']}").json["status"] == "pending"
    assert money.escrow() == balance(0, 0, money)

    # 5 s after creation: succeeded, and the money is available
    clock.advance(seconds=0.001)
    assert refresh_deposits(money) == 1
    settled = money.api.get(f"/v1/escrow/deposits/{deposit['id']}").json
    assert (settled["status"], settled["failure_code"]) == ("succeeded", None)
    assert settled["ledger_transaction_id"].startswith("ltx_")
    assert money.escrow() == balance(400_003, 0, money)
    assert money.cash() == 400_003
    assert entry_lines(money, settled["ledger_transaction_id"]) == [
        ("employer_escrow", "credit", 400_003),
        ("provider_cash", "debit", 400_003),
    ]
    assert [d["id"] for d in events(money, "escrow.deposit.succeeded")] == [deposit["id"]]

    # checking again never credits it twice
    assert refresh_deposits(money) == 0
    assert money.escrow() == balance(400_003, 0, money)
    assert counts(money)["ledger_transactions"] == 1
    assert money.hold(400_003).status_code == 201
    assert money.audit() == []


def test_several_delayed_deposits_settle_in_one_check(money: Money) -> None:
    first = money.deposit(400_003).json
    second = money.deposit(400_003, currency="USD").json
    young = money.deposit(400_003).json
    money.deposit(10_000)
    move_deposit_back(money, first["id"], 10)
    move_deposit_back(money, second["id"], 10)
    assert refresh_deposits(money) == 2
    statuses = {d["id"]: d["status"] for d in money.api.get("/v1/escrow/deposits").json["data"]}
    assert statuses[first["id"]] == statuses[second["id"]] == "succeeded"
    assert statuses[young["id"]] == "pending"
    assert money.escrow() == balance(410_003, 0, money)
    assert escrow_of(money, "USD").json == balance(400_003, 0, money, "USD")
    succeeded = events(money, "escrow.deposit.succeeded")
    assert {d["id"] for d in succeeded} >= {first["id"], second["id"]}
    assert all(d["status"] == "succeeded" for d in succeeded)
    assert money.audit() == []


def test_deposits_are_listed_per_employer(money: Money) -> None:
    second = money.api.post(
        "/v1/employers",
        {"name": "second", "credit_code": credit_code()},
    ).json["id"]
    a = money.deposit(1_000).json["id"]
    b = money.deposit(2_000, employer_id=second).json["id"]
    listed = money.api.get(f"/v1/escrow/deposits?employer_id={second}").json["data"]
    assert [d["id"] for d in listed] == [b]
    everything = money.api.get("/v1/escrow/deposits").json["data"]
    assert {d["id"] for d in everything} == {a, b}
    assert escrow_of(money, employer_id=second).json["available"] == 2_000
    assert money.escrow()["available"] == 1_000


# --- holds ------------------------------------------------------------------------------------


def test_a_hold_larger_than_available_is_refused_and_writes_nothing(money: Money) -> None:
    money.deposit(50_000)
    before = snapshot(money)
    problem = assert_problem(money.hold(50_001), 402, "insufficient_escrow_balance")
    assert "50000" in problem["detail"]
    assert snapshot(money) == before
    assert before["holds"] == []
    assert events(money, "escrow.hold.created") == []

    # exactly what is available works, and then nothing more
    hold = money.hold(50_000)
    assert hold.status_code == 201, hold.json
    assert (hold.json["status"], hold.json["remaining"]) == ("active", 50_000)
    assert money.escrow() == balance(0, 50_000, money)
    before = snapshot(money)
    assert_problem(money.hold(1), 402, "insufficient_escrow_balance")
    assert snapshot(money) == before
    assert money.audit() == []


def test_a_hold_is_posted_in_the_ledger(money: Money) -> None:
    money.deposit(100_000)
    resp = money.post(
        "/v1/escrow/holds",
        {
            "employer_id": money.employer_id,
            "amount": 28_000,
            "currency": "CNY",
            "purpose": "premium",
            "reference": "eng-42",
        },
    )
    assert resp.status_code == 201, resp.json
    hold = resp.json
    assert hold["amount"] == 28_000
    assert (hold["released_amount"], hold["returned_amount"], hold["remaining"]) == (0, 0, 28_000)
    assert (hold["purpose"], hold["reference"]) == ("premium", "eng-42")
    assert money.api.get(f"/v1/escrow/holds/{hold['id']}").json == hold
    txn = money.api.get(f"/v1/ledger/transactions/{hold['ledger_transaction_id']}").json
    assert (txn["status"], txn["source_type"], txn["source_id"]) == (
        "posted",
        "escrow_hold",
        hold["id"],
    )
    assert entry_lines(money, hold["ledger_transaction_id"]) == [
        ("employer_escrow", "debit", 28_000),
        ("employer_held", "credit", 28_000),
    ]
    assert money.escrow() == balance(72_000, 28_000, money)
    assert money.cash() == 100_000  # holding moves nothing out
    assert [h["id"] for h in events(money, "escrow.hold.created")] == [hold["id"]]
    assert money.audit() == []


def test_a_hold_in_another_currency_needs_a_deposit_in_that_currency(money: Money) -> None:
    money.deposit(1_000_000)
    before = snapshot(money)
    assert_problem(money.hold(1_000, currency="USD"), 402, "insufficient_escrow_balance")
    assert snapshot(money) == before
    assert escrow_of(money, "USD").json == balance(0, 0, money, "USD")

    assert money.deposit(5_000, currency="USD").json["status"] == "succeeded"
    hold = money.hold(1_000, currency="USD")
    assert hold.status_code == 201, hold.json
    assert hold.json["currency"] == "USD"
    assert escrow_of(money, "USD").json == balance(4_000, 1_000, money, "USD")
    assert money.escrow() == balance(1_000_000, 0, money)  # CNY untouched
    assert_problem(money.hold(4_001, currency="USD"), 402, "insufficient_escrow_balance")
    assert money.audit() == []


def test_cancel_returns_what_remains_and_only_once(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    assert money.release(hold["id"], amount=10_000, keep_remainder_held=True).status_code == 201
    assert money.escrow() == balance(70_000, 20_000, money)

    resp = money.post(f"/v1/escrow/holds/{hold['id']}/cancel")
    assert resp.status_code == 200, resp.json
    cancelled = resp.json
    assert cancelled["status"] == "cancelled"
    assert (cancelled["released_amount"], cancelled["returned_amount"]) == (10_000, 20_000)
    assert cancelled["remaining"] == 0
    assert money.escrow() == balance(90_000, 0, money)
    assert money.payable()["available"] == 10_000
    assert [h["id"] for h in events(money, "escrow.hold.cancelled")] == [hold["id"]]
    assert events(money, "escrow.hold.cancelled")[0]["status"] == "cancelled"

    before = snapshot(money)
    again = assert_problem(
        money.post(f"/v1/escrow/holds/{hold['id']}/cancel"), 409, "hold_not_active"
    )
    assert "cancelled" in again["detail"]
    assert_problem(money.release(hold["id"]), 409, "hold_not_active")
    assert_problem(money.release(hold["id"], amount=1), 409, "hold_not_active")
    assert_problem(
        money.release(hold["id"], amount=1, keep_remainder_held=True), 409, "hold_not_active"
    )
    assert snapshot(money) == before
    assert money.audit() == []


def test_cancelling_an_untouched_hold_returns_all_of_it(money: Money) -> None:
    money.deposit(40_000)
    hold = money.hold(40_000).json
    cancelled = money.post(f"/v1/escrow/holds/{hold['id']}/cancel").json
    assert (cancelled["status"], cancelled["returned_amount"]) == ("cancelled", 40_000)
    assert money.escrow() == balance(40_000, 0, money)
    assert money.payable() == {"posted": 0, "pending": 0, "available": 0}
    assert money.cash() == 40_000
    assert money.audit() == []


def test_a_released_hold_cannot_be_cancelled_or_released_again(money: Money) -> None:
    money.deposit(50_000)
    hold = money.hold(20_000).json
    assert money.release(hold["id"]).json["amount"] == 20_000
    before = snapshot(money)
    assert_problem(money.post(f"/v1/escrow/holds/{hold['id']}/cancel"), 409, "hold_not_active")
    assert_problem(money.release(hold["id"]), 409, "hold_not_active")
    assert_problem(money.release(hold["id"], amount=1), 409, "hold_not_active")
    assert snapshot(money) == before
    assert money.audit() == []


@pytest.mark.parametrize("keep_remainder_held", [False, True])
def test_releasing_more_than_remains_is_refused(money: Money, keep_remainder_held: bool) -> None:
    money.deposit(100_000)
    hold = money.hold(10_000).json
    before = snapshot(money)
    problem = assert_problem(
        money.release(hold["id"], amount=10_001, keep_remainder_held=keep_remainder_held),
        422,
        "release_exceeds_hold",
    )
    assert problem["param"] == "amount"
    assert problem["errors"][0]["field"] == "amount"
    assert snapshot(money) == before
    assert money.api.get(f"/v1/escrow/holds/{hold['id']}").json["status"] == "active"
    assert money.audit() == []


def test_releasing_more_than_remains_after_a_partial_release_is_refused(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    money.release(hold["id"], amount=25_000, keep_remainder_held=True)
    before = snapshot(money)
    problem = assert_problem(
        money.release(hold["id"], amount=5_001, keep_remainder_held=True),
        422,
        "release_exceeds_hold",
    )
    assert problem["param"] == "amount"
    assert "5000" in problem["detail"]
    assert snapshot(money) == before


def test_partial_release_keeping_the_rest_then_the_rest(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json

    first = money.release(hold["id"], amount=12_000, keep_remainder_held=True)
    assert first.status_code == 201, first.json
    assert (first.json["amount"], first.json["returned_amount"]) == (12_000, 0)
    assert (first.json["hold_id"], first.json["worker_id"]) == (hold["id"], money.worker_id)
    assert entry_lines(money, first.json["ledger_transaction_id"]) == [
        ("employer_held", "debit", 12_000),
        ("worker_payable", "credit", 12_000),
    ]
    after_first = money.api.get(f"/v1/escrow/holds/{hold['id']}").json
    assert after_first["status"] == "partially_released"
    assert (after_first["released_amount"], after_first["remaining"]) == (12_000, 18_000)
    assert money.escrow() == balance(70_000, 18_000, money)
    assert money.payable() == {"posted": 12_000, "pending": 12_000, "available": 12_000}

    rest = money.release(hold["id"])  # default: everything that remains
    assert rest.status_code == 201, rest.json
    assert (rest.json["amount"], rest.json["returned_amount"]) == (18_000, 0)
    done = money.api.get(f"/v1/escrow/holds/{hold['id']}").json
    assert done["status"] == "released"
    assert (done["released_amount"], done["returned_amount"], done["remaining"]) == (
        30_000,
        0,
        0,
    )
    assert money.escrow() == balance(70_000, 0, money)
    assert money.payable() == {"posted": 30_000, "pending": 30_000, "available": 30_000}
    assert money.cash() == 100_000
    released = events(money, "escrow.hold.released")
    assert [(r["id"], r["amount"]) for r in released] == [
        (first.json["id"], 12_000),
        (rest.json["id"], 18_000),
    ]
    assert_problem(money.release(hold["id"]), 409, "hold_not_active")
    assert money.audit() == []


def test_keep_remainder_held_with_the_exact_remainder_closes_the_hold(money: Money) -> None:
    money.deposit(10_000)
    hold = money.hold(10_000).json
    release = money.release(hold["id"], amount=10_000, keep_remainder_held=True)
    assert release.status_code == 201, release.json
    assert money.api.get(f"/v1/escrow/holds/{hold['id']}").json["status"] == "released"
    assert money.escrow() == balance(0, 0, money)
    assert money.payable()["available"] == 10_000


def test_a_partial_release_without_keeping_returns_the_rest(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    release = money.release(hold["id"], amount=1).json
    assert (release["amount"], release["returned_amount"]) == (1, 29_999)
    assert entry_lines(money, release["ledger_transaction_id"]) == [
        ("employer_escrow", "credit", 29_999),
        ("employer_held", "debit", 30_000),
        ("worker_payable", "credit", 1),
    ]
    assert money.escrow() == balance(99_999, 0, money)
    assert money.payable()["available"] == 1
    assert money.audit() == []


def test_releases_to_two_workers_from_one_hold(money: Money) -> None:
    money.deposit(60_000)
    second = money.new_worker("wxid_second_0002")
    hold = money.hold(60_000).json
    money.release(hold["id"], amount=20_000, keep_remainder_held=True)
    resp = money.post(
        f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": second, "amount": 40_000}
    )
    assert resp.status_code == 201, resp.json
    assert money.payable()["available"] == 20_000
    assert money.payable(second)["available"] == 40_000
    assert money.escrow() == balance(0, 0, money)
    assert money.audit() == []


def test_a_release_to_another_tenants_worker_is_404_and_moves_nothing(
    money: Money, other: Money
) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    before, other_before = snapshot(money), snapshot(other)
    resp = money.post(f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": other.worker_id})
    assert_problem(resp, 404, "resource_missing")
    assert snapshot(money) == before
    assert snapshot(other) == other_before
    assert other.payable() == {"posted": 0, "pending": 0, "available": 0}
    unchanged = money.api.get(f"/v1/escrow/holds/{hold['id']}").json
    assert (unchanged["status"], unchanged["remaining"]) == ("active", 30_000)
    assert money.audit() == [] and other.audit() == []


def test_another_tenants_hold_cannot_be_seen_released_or_cancelled(
    money: Money, other: Money
) -> None:
    other.deposit(50_000)
    hold = other.hold(20_000).json
    before = snapshot(other)
    assert_problem(money.api.get(f"/v1/escrow/holds/{hold['id']}"), 404, "resource_missing")
    assert_problem(money.release(hold["id"]), 404, "resource_missing")
    assert_problem(money.post(f"/v1/escrow/holds/{hold['id']}/cancel"), 404, "resource_missing")
    assert snapshot(other) == before
    assert money.payable() == {"posted": 0, "pending": 0, "available": 0}


def test_holds_are_listed_by_employer_and_status(money: Money) -> None:
    money.deposit(100_000)
    active = money.hold(10_000).json["id"]
    cancelled = money.hold(10_000).json["id"]
    money.post(f"/v1/escrow/holds/{cancelled}/cancel")
    released = money.hold(10_000).json["id"]
    money.release(released)

    def ids(query: str) -> list[str]:
        resp = money.api.get(f"/v1/escrow/holds?{query}")
        assert resp.status_code == 200, resp.json
        return [h["id"] for h in resp.json["data"]]

    assert ids("status=active") == [active]
    assert ids("status=cancelled") == [cancelled]
    assert ids("status=released") == [released]
    assert ids(f"employer_id={money.employer_id}") == [released, cancelled, active]
    assert_problem(money.api.get("/v1/escrow/holds?status=open"), 422, "validation_error")


# --- refunds ----------------------------------------------------------------------------------


def test_a_refund_sends_available_escrow_back(money: Money) -> None:
    money.deposit(100_000)
    money.hold(30_000)
    resp = money.post(
        "/v1/escrow/refunds",
        {"employer_id": money.employer_id, "amount": 50_000, "currency": "CNY"},
    )
    assert resp.status_code == 201, resp.json
    refund = resp.json
    assert (refund["amount"], refund["currency"], refund["status"]) == (50_000, "CNY", "succeeded")
    assert money.api.get(f"/v1/escrow/refunds/{refund['id']}").json == refund
    assert money.escrow() == balance(20_000, 30_000, money)
    assert money.cash() == 50_000
    txn = money.api.get(f"/v1/ledger/transactions/{refund['ledger_transaction_id']}").json
    assert (txn["status"], txn["source_type"], txn["source_id"]) == (
        "posted",
        "escrow_refund",
        refund["id"],
    )
    assert entry_lines(money, refund["ledger_transaction_id"]) == [
        ("employer_escrow", "debit", 50_000),
        ("provider_cash", "credit", 50_000),
    ]
    assert [r["id"] for r in events(money, "escrow.refund.succeeded")] == [refund["id"]]
    assert money.audit() == []


def test_a_refund_larger_than_available_is_refused_even_if_held_money_would_cover_it(
    money: Money,
) -> None:
    money.deposit(100_000)
    money.hold(30_000)
    before = snapshot(money)
    resp = money.post(
        "/v1/escrow/refunds",
        {"employer_id": money.employer_id, "amount": 70_001, "currency": "CNY"},
    )
    assert_problem(resp, 402, "insufficient_escrow_balance")
    assert snapshot(money) == before
    assert money.escrow() == balance(70_000, 30_000, money)
    # exactly the available amount goes
    ok = money.post(
        "/v1/escrow/refunds",
        {"employer_id": money.employer_id, "amount": 70_000, "currency": "CNY"},
    )
    assert ok.status_code == 201, ok.json
    assert money.escrow() == balance(0, 30_000, money)
    assert money.cash() == 30_000
    assert money.audit() == []


def test_a_refund_to_another_tenants_employer_is_404_and_writes_nothing(
    money: Money, other: Money
) -> None:
    money.deposit(100_000)
    other.deposit(100_000)
    before, other_before = snapshot(money), snapshot(other)
    resp = money.post(
        "/v1/escrow/refunds",
        {"employer_id": other.employer_id, "amount": 10_000, "currency": "CNY"},
    )
    assert_problem(resp, 404, "resource_missing")
    assert snapshot(money) == before
    assert snapshot(other) == other_before
    assert other.escrow()["available"] == 100_000


def test_another_tenants_money_objects_are_404(money: Money, other: Money) -> None:
    deposit = other.deposit(10_000).json
    refund = other.post(
        "/v1/escrow/refunds",
        {"employer_id": other.employer_id, "amount": 1_000, "currency": "CNY"},
    ).json
    assert_problem(money.api.get(f"/v1/escrow/deposits/{deposit['id']}"), 404, "resource_missing")
    assert_problem(money.api.get(f"/v1/escrow/refunds/{refund['id']}"), 404, "resource_missing")
    assert money.api.get("/v1/escrow/deposits").json["data"] == []
    before = snapshot(other)
    for path, body in [
        ("/v1/escrow/deposits", {"amount": 1_000}),
        ("/v1/escrow/holds", {"amount": 1_000}),
    ]:
        resp = money.post(path, {"employer_id": other.employer_id, "currency": "CNY", **body})
        assert_problem(resp, 404, "resource_missing")
    assert snapshot(other) == before
    assert counts(money)["escrow_deposits"] == 0


# --- bad input --------------------------------------------------------------------------------

MONEY_PATHS = ["/v1/escrow/deposits", "/v1/escrow/holds", "/v1/escrow/refunds"]
BAD_AMOUNTS = [0, -1, -28_000, 1.5, 100.0, "100", True, None, 10**15 + 1, 10**16, 2**63]


@pytest.mark.parametrize("path", MONEY_PATHS)
@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=repr)
def test_bad_amounts_are_refused(money: Money, path: str, amount: Any) -> None:
    money.deposit(1_000_000)
    before = snapshot(money)
    body = {"employer_id": money.employer_id, "amount": amount, "currency": "CNY"}
    problem = assert_problem(money.post(path, body), 422, "validation_error")
    assert problem["param"] == "amount"
    assert [e["field"] for e in problem["errors"]] == ["amount"]
    assert snapshot(money) == before


@pytest.mark.parametrize("path", MONEY_PATHS)
def test_the_largest_amount_is_accepted(money: Money, path: str) -> None:
    if path != "/v1/escrow/deposits":
        money.deposit(10**15)
    body = {"employer_id": money.employer_id, "amount": 10**15, "currency": "CNY"}
    resp = money.post(path, body)
    assert resp.status_code == 201, resp.json
    assert resp.json["amount"] == 10**15
    assert money.audit() == []


@pytest.mark.parametrize("path", MONEY_PATHS)
@pytest.mark.parametrize("currency", ["XXX", "cny", "", "CN", "CNYY", 156, None])
def test_bad_currencies_are_refused(money: Money, path: str, currency: Any) -> None:
    money.deposit(1_000_000)
    before = snapshot(money)
    body = {"employer_id": money.employer_id, "amount": 1_000, "currency": currency}
    problem = assert_problem(money.post(path, body), 422, "validation_error")
    assert problem["param"] == "currency"
    assert snapshot(money) == before


@pytest.mark.parametrize("path", MONEY_PATHS)
def test_bad_employer_ids_are_refused(money: Money, path: str) -> None:
    money.deposit(1_000_000)
    before = snapshot(money)
    for employer_id in [
        "emp_123",
        "emp_" + "1" * 25,
        money.employer_id.upper(),
        money.employer_id + " ",
        money.worker_id,  # a real id, of the wrong kind
        "wkr_" + money.employer_id[4:],
        "",
        None,
        12,
    ]:
        body = {"employer_id": employer_id, "amount": 1_000, "currency": "CNY"}
        problem = assert_problem(money.post(path, body), 422, "validation_error")
        assert problem["param"] == "employer_id", employer_id
    # well-formed but nobody's
    body = {"employer_id": "emp_" + "1" * 26, "amount": 1_000, "currency": "CNY"}
    assert_problem(money.post(path, body), 404, "resource_missing")
    assert snapshot(money) == before


@pytest.mark.parametrize("path", MONEY_PATHS)
def test_missing_and_unknown_fields_are_refused(money: Money, path: str) -> None:
    money.deposit(1_000_000)
    before = snapshot(money)
    good = {"employer_id": money.employer_id, "amount": 1_000, "currency": "CNY"}
    for extra in ({"foo": 1}, {"tenant_id": money.tenant.id}, {"status": "succeeded"}):
        problem = assert_problem(money.post(path, {**good, **extra}), 422, "validation_error")
        assert problem["param"] == next(iter(extra))
    for missing in good:
        body = {k: v for k, v in good.items() if k != missing}
        problem = assert_problem(money.post(path, body), 422, "validation_error")
        assert problem["param"] == missing
    assert snapshot(money) == before


def test_bad_release_bodies_are_refused(money: Money, other: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    path = f"/v1/escrow/holds/{hold['id']}/release"
    before = snapshot(money)
    for body, param in [
        ({"worker_id": money.worker_id, "amount": 0}, "amount"),
        ({"worker_id": money.worker_id, "amount": -5}, "amount"),
        ({"worker_id": money.worker_id, "amount": 1.5}, "amount"),
        ({"worker_id": money.worker_id, "amount": "100"}, "amount"),
        ({"worker_id": money.worker_id, "amount": 2**63}, "amount"),
        ({"worker_id": money.employer_id}, "worker_id"),
        ({"worker_id": "wkr_1"}, "worker_id"),
        ({}, "worker_id"),
        ({"worker_id": money.worker_id, "keep_remainder_held": "maybe"}, "keep_remainder_held"),
        ({"worker_id": money.worker_id, "currency": "CNY"}, "currency"),
    ]:
        problem = assert_problem(money.post(path, body), 422, "validation_error")
        assert problem["param"] == param, body
    assert_problem(money.post(path, {"worker_id": "wkr_" + "1" * 26}), 404, "resource_missing")
    assert_problem(
        money.post(f"/v1/escrow/holds/hld_{'1' * 26}/release", {"worker_id": money.worker_id}),
        404,
        "resource_missing",
    )
    assert snapshot(money) == before


def test_bad_hold_purpose_and_reference_are_refused(money: Money) -> None:
    money.deposit(100_000)
    before = snapshot(money)
    base = {"employer_id": money.employer_id, "amount": 1_000, "currency": "CNY"}
    for extra, param in [
        ({"purpose": ""}, "purpose"),
        ({"purpose": "x" * 41}, "purpose"),
        ({"purpose": "wa\x00ges"}, "purpose"),
        ({"reference": "r" * 81}, "reference"),
    ]:
        problem = assert_problem(
            money.post("/v1/escrow/holds", {**base, **extra}), 422, "validation_error"
        )
        assert problem["param"] == param
    assert snapshot(money) == before


def test_every_money_post_requires_an_idempotency_key(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    before = snapshot(money)
    requests = [
        ("/v1/escrow/deposits", {"employer_id": money.employer_id, "amount": 1, "currency": "CNY"}),
        ("/v1/escrow/holds", {"employer_id": money.employer_id, "amount": 1, "currency": "CNY"}),
        (f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": money.worker_id}),
        (f"/v1/escrow/holds/{hold['id']}/cancel", {}),
        ("/v1/escrow/refunds", {"employer_id": money.employer_id, "amount": 1, "currency": "CNY"}),
        # even an invalid body is refused for the missing key first
        ("/v1/escrow/deposits", {"amount": -1}),
    ]
    for path, body in requests:
        assert_problem(money.api.post(path, body), 400, "idempotency_key_required")
        empty = money.api.post(path, body, headers={"Idempotency-Key": ""})
        assert_problem(empty, 400, "invalid_idempotency_key")
    assert snapshot(money) == before
    assert money.api.get(f"/v1/escrow/holds/{hold['id']}").json["status"] == "active"


# --- balances ---------------------------------------------------------------------------------


def test_the_escrow_balance_per_currency(money: Money) -> None:
    assert money.escrow() == balance(0, 0, money)  # nothing yet: zeros, not 404
    money.deposit(100_000)
    money.deposit(7_000, currency="USD")
    money.hold(40_000)
    money.hold(2_500, currency="USD")

    default = money.api.get(f"/v1/employers/{money.employer_id}/escrow")
    assert default.status_code == 200
    assert default.json == balance(60_000, 40_000, money)  # the tenant's currency, CNY
    assert escrow_of(money, "CNY").json == balance(60_000, 40_000, money)
    assert escrow_of(money, "USD").json == balance(4_500, 2_500, money, "USD")
    assert escrow_of(money, "EUR").json == balance(0, 0, money, "EUR")
    for bad in ("usd", "XXX", ""):
        problem = assert_problem(escrow_of(money, bad), 422, "validation_error")
        assert problem["param"] == "currency"


def test_the_escrow_balance_of_an_unknown_or_foreign_employer_is_404(
    money: Money, other: Money
) -> None:
    other.deposit(10_000)
    assert_problem(escrow_of(money, employer_id=other.employer_id), 404, "resource_missing")
    assert_problem(
        money.api.get(f"/v1/employers/{other.employer_id}/escrow"), 404, "resource_missing"
    )
    assert_problem(escrow_of(money, employer_id="emp_" + "1" * 26), 404, "resource_missing")
    assert_problem(money.api.get(f"/v1/employers/{money.worker_id}/escrow"), 404, "route_not_found")
    assert other.escrow()["available"] == 10_000


def test_the_escrow_balance_needs_escrow_read(money: Money) -> None:
    reader = ApiClient(money.api.client, money.tenant.key(["escrow:read"]))
    assert reader.get(f"/v1/employers/{money.employer_id}/escrow").status_code == 200
    parties = ApiClient(money.api.client, money.tenant.key(["parties:read"]))
    problem = assert_problem(
        parties.get(f"/v1/employers/{money.employer_id}/escrow"), 403, "insufficient_scope"
    )
    assert problem["required_scopes"] == ["escrow:read"]
    before = snapshot(money)
    body = {"employer_id": money.employer_id, "amount": 1_000, "currency": "CNY"}
    resp = reader.post("/v1/escrow/deposits", body, headers={"Idempotency-Key": "k-read-only"})
    assert_problem(resp, 403, "insufficient_scope")
    assert snapshot(money) == before


# --- idempotent replays -----------------------------------------------------------------------


def test_a_replayed_deposit_moves_money_once(money: Money) -> None:
    key = str(uuid.uuid4())
    body = {"employer_id": money.employer_id, "amount": 30_000, "currency": "CNY"}
    first = post_with_key(money, "/v1/escrow/deposits", body, key)
    second = post_with_key(money, "/v1/escrow/deposits", body, key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert second.json == first.json
    assert money.escrow() == balance(30_000, 0, money)
    assert money.cash() == 30_000
    assert counts(money)["escrow_deposits"] == 1
    assert counts(money)["ledger_transactions"] == 1
    assert len(events(money, "escrow.deposit.succeeded")) == 1

    # the same key with another body is refused and moves nothing
    before = snapshot(money)
    other_body = {**body, "amount": 30_001}
    assert_problem(
        post_with_key(money, "/v1/escrow/deposits", other_body, key), 422, "idempotency_error"
    )
    assert snapshot(money) == before
    assert money.audit() == []


def test_a_replayed_declined_deposit_is_not_charged_again(money: Money) -> None:
    key = str(uuid.uuid4())
    body = {"employer_id": money.employer_id, "amount": 400_002, "currency": "CNY"}
    first = post_with_key(money, "/v1/escrow/deposits", body, key)
    second = post_with_key(money, "/v1/escrow/deposits", body, key)
    assert first.json == second.json
    assert second.json["status"] == "failed"
    assert counts(money)["escrow_deposits"] == 1


def test_a_replayed_hold_holds_once(money: Money) -> None:
    money.deposit(50_000)
    key = str(uuid.uuid4())
    body = {"employer_id": money.employer_id, "amount": 30_000, "currency": "CNY"}
    first = post_with_key(money, "/v1/escrow/holds", body, key)
    second = post_with_key(money, "/v1/escrow/holds", body, key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json["id"] == first.json["id"]
    # a second hold of 30,000 would not even fit: the replay cannot have held it
    assert money.escrow() == balance(20_000, 30_000, money)
    assert counts(money)["escrow_holds"] == 1
    assert money.audit() == []


def test_a_replayed_release_pays_the_worker_once(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(60_000).json
    key = str(uuid.uuid4())
    path = f"/v1/escrow/holds/{hold['id']}/release"
    body = {"worker_id": money.worker_id, "amount": 20_000, "keep_remainder_held": True}
    first = post_with_key(money, path, body, key)
    second = post_with_key(money, path, body, key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json == first.json
    assert money.payable()["available"] == 20_000
    current = money.api.get(f"/v1/escrow/holds/{hold['id']}").json
    assert (current["released_amount"], current["remaining"]) == (20_000, 40_000)
    assert money.escrow() == balance(40_000, 40_000, money)
    assert counts(money)["escrow_releases"] == 1

    # a new key is a new release
    again = money.release(hold["id"], amount=20_000, keep_remainder_held=True)
    assert again.status_code == 201
    assert money.payable()["available"] == 40_000
    assert money.audit() == []


def test_a_replayed_cancel_answers_the_same_and_returns_once(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(60_000).json
    key = str(uuid.uuid4())
    path = f"/v1/escrow/holds/{hold['id']}/cancel"
    first = post_with_key(money, path, {}, key)
    second = post_with_key(money, path, {}, key)
    assert first.status_code == second.status_code == 200
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json == first.json
    assert money.escrow() == balance(100_000, 0, money)
    assert money.audit() == []


def test_a_replayed_refund_refunds_once(money: Money) -> None:
    money.deposit(100_000)
    key = str(uuid.uuid4())
    body = {"employer_id": money.employer_id, "amount": 60_000, "currency": "CNY"}
    first = post_with_key(money, "/v1/escrow/refunds", body, key)
    second = post_with_key(money, "/v1/escrow/refunds", body, key)
    assert first.status_code == second.status_code == 201
    assert second.json == first.json
    assert money.escrow() == balance(40_000, 0, money)
    assert money.cash() == 40_000
    assert counts(money)["escrow_refunds"] == 1


def test_a_refused_request_can_be_retried_with_the_same_key(money: Money) -> None:
    """A 402 stores nothing: once the money is there, the same key runs the hold."""
    key = str(uuid.uuid4())
    body = {"employer_id": money.employer_id, "amount": 30_000, "currency": "CNY"}
    assert_problem(
        post_with_key(money, "/v1/escrow/holds", body, key), 402, "insufficient_escrow_balance"
    )
    money.deposit(30_000)
    resp = post_with_key(money, "/v1/escrow/holds", body, key)
    assert resp.status_code == 201, resp.json
    assert "Idempotent-Replayed" not in resp.headers
    assert money.escrow() == balance(0, 30_000, money)


# --- a race between cancel and release --------------------------------------------------------


def test_a_release_committed_while_a_cancel_runs_is_not_returned_twice(money: Money) -> None:
    """Two requests on one hold: a cancel, and a release (keeping the rest held) that commits
    after the cancel has started but just before the cancel first writes or locks the hold's
    row. Whatever the order, the released money must not also go back to available escrow.
    (On SQLite the release waits for the cancel's transaction; on PostgreSQL it runs.)"""
    money.deposit(100_000)
    other_hold = money.hold(50_000).json  # keeps the employer's held account above zero
    hold = money.hold(30_000).json
    engine = database(money.tenant.app).engine
    main_thread = threading.get_ident()
    outcome: dict[str, Any] = {}

    def release_elsewhere() -> None:
        try:
            with uow(money) as session:
                escrow_service.release_hold(
                    session,
                    actor=SYSTEM,
                    hold_id=hold["id"],
                    worker_id=money.worker_id,
                    amount=10_000,
                    keep_remainder_held=True,
                )
            outcome["release"] = "committed"
        except AppError as exc:
            outcome["release"] = exc.code

    racer = threading.Thread(target=release_elsewhere)

    def before_hold_write(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sql = " ".join(statement.split()).upper()
        writes_hold = sql.startswith("UPDATE ESCROW_HOLDS") or (
            "FROM ESCROW_HOLDS" in sql and "FOR UPDATE" in sql
        )
        if writes_hold and threading.get_ident() == main_thread and "started" not in outcome:
            outcome["started"] = True
            racer.start()
            racer.join(timeout=3)  # blocked by the cancel's lock: let the cancel go on

    event.listen(engine, "before_cursor_execute", before_hold_write)
    try:
        resp = money.post(f"/v1/escrow/holds/{hold['id']}/cancel")
    finally:
        event.remove(engine, "before_cursor_execute", before_hold_write)
        racer.join(timeout=60)
    assert outcome.get("started") is True
    assert resp.status_code in (200, 409), resp.json

    # the invariants, whichever request won
    holds = {h["id"]: h for h in money.api.get("/v1/escrow/holds").json["data"]}
    released = sum(h["released_amount"] for h in holds.values())
    open_remaining = sum(h["remaining"] for h in holds.values())
    assert released == (10_000 if outcome["release"] == "committed" else 0), outcome
    assert money.payable()["available"] == released
    assert money.escrow() == balance(100_000 - released - open_remaining, open_remaining, money)
    assert holds[other_hold["id"]]["remaining"] == 50_000
    cancelled = holds[hold["id"]]
    assert cancelled["amount"] == (
        cancelled["released_amount"] + cancelled["returned_amount"] + cancelled["remaining"]
    )
    # the other hold can still be released in full
    assert money.release(other_hold["id"]).status_code == 201
    assert money.audit() == []
