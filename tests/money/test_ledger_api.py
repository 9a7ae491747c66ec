"""The read-only ledger API: accounts and their filters, balances (posted, pending,
available) while a payout is on its way, entries with their transaction's status,
transactions with balanced entries, tenant isolation and scopes. The ledger audit stays
clean after every scenario."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.jobs import UnitsOfWork
from app.core.time import now
from app.escrow import service as escrow_service
from app.escrow.models import Deposit
from app.payouts import service as payout_service
from tests.helpers import ApiClient, TenantHandle, assert_problem, database
from tests.money.conftest import Money, make_money

ZERO = {"posted": 0, "pending": 0, "available": 0}


# --- helpers ----------------------------------------------------------------------------------


def accounts(money: Money, query: str = "") -> list[dict[str, Any]]:
    resp = money.api.get(f"/v1/ledger/accounts?limit=100&{query}")
    assert resp.status_code == 200, resp.json
    assert resp.json["has_more"] is False
    return list(resp.json["data"])


def the_account(money: Money, kind: str, owner_id: str, currency: str = "CNY") -> dict[str, Any]:
    found = accounts(money, f"kind={kind}&owner_id={owner_id}&currency={currency}")
    assert len(found) == 1, found
    return found[0]


def entries(money: Money, account_id: str, query: str = "") -> list[dict[str, Any]]:
    resp = money.api.get(f"/v1/ledger/accounts/{account_id}/entries?limit=100&{query}")
    assert resp.status_code == 200, resp.json
    return list(resp.json["data"])


def transaction(money: Money, transaction_id: str) -> dict[str, Any]:
    resp = money.api.get(f"/v1/ledger/transactions/{transaction_id}")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def fund(money: Money, amount: int, worker_id: str | None = None) -> None:
    money.deposit(amount)
    hold = money.hold(amount).json
    resp = money.post(
        f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": worker_id or money.worker_id}
    )
    assert resp.status_code == 201, resp.json


@contextmanager
def uow(money: Money) -> Iterator[Session]:
    with database(money.tenant.app).unit_of_work(tenant_id=money.tenant.id) as session:
        yield session


def reconcile(money: Money) -> int:
    with uow(money) as session:
        return payout_service.reconcile(UnitsOfWork.of(session))


def balanced(txn: dict[str, Any]) -> bool:
    debits = sum(e["amount"] for e in txn["entries"] if e["direction"] == "debit")
    credits = sum(e["amount"] for e in txn["entries"] if e["direction"] == "credit")
    return debits == credits > 0 and len(txn["entries"]) >= 2


@pytest.fixture()
def other(client: Any, other_tenant: TenantHandle) -> Money:
    return make_money(ApiClient(client, other_tenant.api_key), other_tenant)


# --- accounts ---------------------------------------------------------------------------------


def test_accounts_are_listed_with_filters(money: Money) -> None:
    assert accounts(money) == []
    money.deposit(100_000)
    money.deposit(5_000, currency="USD")
    fund(money, 30_000)  # deposit 30,000 more, hold and release it to the worker
    money.hold(20_000)

    everything = accounts(money)
    assert sorted((a["kind"], a["owner_id"], a["currency"]) for a in everything) == sorted(
        [
            ("provider_cash", "platform", "CNY"),
            ("provider_cash", "platform", "USD"),
            ("employer_escrow", money.employer_id, "CNY"),
            ("employer_escrow", money.employer_id, "USD"),
            ("employer_held", money.employer_id, "CNY"),
            ("employer_held", money.employer_id, "USD"),
            ("worker_payable", money.worker_id, "CNY"),
        ]
    )
    for account in everything:
        assert account["id"].startswith("lac_")
        assert (
            account["owner_type"]
            == {
                "provider_cash": "platform",
                "employer_escrow": "employer",
                "employer_held": "employer",
                "worker_payable": "worker",
            }[account["kind"]]
        )
        assert account["normal_balance"] == (
            "debit" if account["kind"] == "provider_cash" else "credit"
        )

    def keys(query: str) -> list[tuple[str, str, str]]:
        return sorted((a["kind"], a["owner_id"], a["currency"]) for a in accounts(money, query))

    assert keys("kind=employer_escrow") == [
        ("employer_escrow", money.employer_id, "CNY"),
        ("employer_escrow", money.employer_id, "USD"),
    ]
    assert keys("currency=USD") == [
        ("employer_escrow", money.employer_id, "USD"),
        ("employer_held", money.employer_id, "USD"),
        ("provider_cash", "platform", "USD"),
    ]
    assert keys(f"owner_id={money.worker_id}") == [("worker_payable", money.worker_id, "CNY")]
    assert keys("owner_id=platform") == [
        ("provider_cash", "platform", "CNY"),
        ("provider_cash", "platform", "USD"),
    ]
    assert keys(f"kind=employer_held&owner_id={money.employer_id}&currency=CNY") == [
        ("employer_held", money.employer_id, "CNY")
    ]
    assert keys("kind=worker_payable&currency=USD") == []
    assert keys("owner_id=emp_" + "1" * 26) == []

    by_kind = {(a["kind"], a["currency"]): a["balances"] for a in everything}
    assert by_kind[("provider_cash", "CNY")] == {
        "posted": 130_000,
        "pending": 130_000,
        "available": 130_000,
    }
    assert by_kind[("employer_escrow", "CNY")]["posted"] == 80_000
    assert by_kind[("employer_held", "CNY")]["posted"] == 20_000
    assert by_kind[("worker_payable", "CNY")]["posted"] == 30_000
    assert by_kind[("employer_escrow", "USD")]["posted"] == 5_000
    assert by_kind[("employer_held", "USD")] == ZERO  # created by the hold lookup, empty

    for bad in ("kind=wallet", "currency=usd", "currency=XXX", "owner_id=EMP", "owner_id=a b"):
        assert_problem(money.api.get(f"/v1/ledger/accounts?{bad}"), 422, "validation_error")
    assert money.audit() == []


def test_accounts_are_paginated(money: Money) -> None:
    money.deposit(1_000)
    money.deposit(1_000, currency="USD")
    money.deposit(1_000, currency="EUR")
    seen: list[str] = []
    cursor = ""
    while True:
        page = money.api.get(f"/v1/ledger/accounts?limit=2{cursor}").json
        assert len(page["data"]) <= 2
        seen += [a["id"] for a in page["data"]]
        if not page["has_more"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len(set(seen)) == 9  # cash, escrow, held in three currencies
    assert sorted(seen) == sorted(a["id"] for a in accounts(money))


def test_an_account_shows_its_balances(money: Money) -> None:
    money.deposit(100_000)
    escrow = the_account(money, "employer_escrow", money.employer_id)
    assert escrow["balances"] == {"posted": 100_000, "pending": 100_000, "available": 100_000}
    one = money.api.get(f"/v1/ledger/accounts/{escrow['id']}")
    assert one.status_code == 200
    assert one.json["balances"] == escrow["balances"]
    assert one.json["lock_version"] == 1
    assert {k: v for k, v in one.json.items() if k not in ("balances", "lock_version")} == {
        k: v for k, v in escrow.items() if k not in ("balances", "lock_version")
    }
    money.hold(40_000)
    after = money.api.get(f"/v1/ledger/accounts/{escrow['id']}").json
    assert after["balances"] == {"posted": 60_000, "pending": 60_000, "available": 60_000}
    assert after["lock_version"] == 2
    assert money.audit() == []


def test_a_payout_on_its_way_makes_the_payable_available_lower_than_posted(
    money: Money,
) -> None:
    slow = money.new_worker("sandbox_timeout")
    fund(money, 30_000, slow)
    payable = the_account(money, "worker_payable", slow)
    cash = the_account(money, "provider_cash", "platform")
    assert payable["balances"] == {"posted": 30_000, "pending": 30_000, "available": 30_000}
    assert cash["balances"] == {"posted": 30_000, "pending": 30_000, "available": 30_000}

    resp = money.payout(10_000, slow)
    assert resp.status_code == 201, resp.json
    payout = money.api.get(f"/v1/payouts/{resp.json['id']}").json
    assert payout["status"] == "processing"

    # posted: what has happened; pending: with money on its way; available: what can be spent
    payable = money.api.get(f"/v1/ledger/accounts/{payable['id']}").json
    assert payable["balances"] == {"posted": 30_000, "pending": 20_000, "available": 20_000}
    cash = money.api.get(f"/v1/ledger/accounts/{cash['id']}").json
    assert cash["balances"] == {"posted": 30_000, "pending": 20_000, "available": 20_000}

    pending = transaction(money, payout["ledger_transaction_id"])
    assert pending["status"] == "pending"
    assert pending["posted_at"] is None and pending["archived_at"] is None
    assert (pending["source_type"], pending["source_id"]) == ("payout", payout["id"])
    assert balanced(pending)
    assert sorted(
        (e["account_id"], e["direction"], e["amount"], e["transaction_status"])
        for e in pending["entries"]
    ) == sorted(
        [
            (payable["id"], "debit", 10_000, "pending"),
            (cash["id"], "credit", 10_000, "pending"),
        ]
    )
    newest = entries(money, payable["id"])[0]
    assert (newest["transaction_id"], newest["direction"], newest["amount"]) == (
        payout["ledger_transaction_id"],
        "debit",
        10_000,
    )
    assert newest["transaction_status"] == "pending"
    # the available 20,000 can be paid, the pending 10,000 cannot be paid twice
    assert_problem(money.payout(20_001, slow), 402, "insufficient_payable_balance")
    assert money.audit() == []

    assert reconcile(money) == 1
    payable = money.api.get(f"/v1/ledger/accounts/{payable['id']}").json
    assert payable["balances"] == {"posted": 20_000, "pending": 20_000, "available": 20_000}
    cash = money.api.get(f"/v1/ledger/accounts/{cash['id']}").json
    assert cash["balances"] == {"posted": 20_000, "pending": 20_000, "available": 20_000}
    posted = transaction(money, payout["ledger_transaction_id"])
    assert posted["status"] == "posted" and posted["posted_at"] is not None
    assert {e["transaction_status"] for e in posted["entries"]} == {"posted"}
    assert entries(money, payable["id"])[0]["transaction_status"] == "posted"
    assert money.audit() == []


def test_entries_show_their_transaction_status_newest_first(money: Money) -> None:
    closed = money.new_worker("sandbox_closed")
    fund(money, 10_000, closed)
    failed = money.api.get(f"/v1/payouts/{money.payout(4_000, closed).json['id']}").json
    assert failed["status"] == "failed"
    payable = the_account(money, "worker_payable", closed)
    assert payable["balances"] == {"posted": 10_000, "pending": 10_000, "available": 10_000}

    listed = entries(money, payable["id"])
    assert [(e["direction"], e["amount"], e["transaction_status"]) for e in listed] == [
        ("debit", 4_000, "archived"),  # the failed payout: it no longer counts
        ("credit", 10_000, "posted"),  # the release
    ]
    for entry in listed:
        assert entry["account_id"] == payable["id"]
        assert entry["currency"] == "CNY"
        assert entry["id"].startswith("len_")
    assert listed[0]["transaction_id"] == failed["ledger_transaction_id"]
    archived = transaction(money, failed["ledger_transaction_id"])
    assert archived["status"] == "archived" and archived["archived_at"] is not None
    assert balanced(archived)

    first = money.api.get(f"/v1/ledger/accounts/{payable['id']}/entries?limit=1").json
    assert [e["id"] for e in first["data"]] == [listed[0]["id"]] and first["has_more"]
    second = money.api.get(
        f"/v1/ledger/accounts/{payable['id']}/entries?limit=1&cursor={first['next_cursor']}"
    ).json
    assert [e["id"] for e in second["data"]] == [listed[1]["id"]]
    assert second["has_more"] is False
    assert money.audit() == []


def test_a_transaction_has_balanced_entries(money: Money) -> None:
    money.deposit(100_000)
    hold = money.hold(30_000).json
    release = money.release(hold["id"], amount=10_000).json  # 20,000 goes back to escrow
    txn = transaction(money, release["ledger_transaction_id"])
    assert txn["id"] == release["ledger_transaction_id"]
    assert txn["status"] == "posted"
    assert (txn["source_type"], txn["source_id"]) == ("escrow_release", release["id"])
    assert txn["reverses_id"] is None
    assert txn["description"]
    assert len(txn["entries"]) == 3
    assert balanced(txn)
    held = the_account(money, "employer_held", money.employer_id)["id"]
    escrow = the_account(money, "employer_escrow", money.employer_id)["id"]
    payable = the_account(money, "worker_payable", money.worker_id)["id"]
    assert sorted((e["account_id"], e["direction"], e["amount"]) for e in txn["entries"]) == sorted(
        [(held, "debit", 30_000), (payable, "credit", 10_000), (escrow, "credit", 20_000)]
    )
    for entry in txn["entries"]:
        assert entry["transaction_id"] == txn["id"]
        assert entry["transaction_status"] == "posted"
        assert entry["currency"] == "CNY"
    # every transaction of every account is balanced
    seen = set()
    for account in accounts(money):
        for entry in entries(money, account["id"]):
            seen.add(entry["transaction_id"])
    assert len(seen) == 3  # deposit, hold, release
    for txn_id in seen:
        assert balanced(transaction(money, txn_id))
    assert money.audit() == []


def test_a_returned_payouts_reversal_is_visible(money: Money) -> None:
    returning = money.new_worker("sandbox_returned")
    fund(money, 10_000, returning)
    payout = money.api.get(f"/v1/payouts/{money.payout(10_000, returning).json['id']}").json
    assert payout["status"] == "paid"
    assert reconcile(money) == 1
    payout = money.api.get(f"/v1/payouts/{payout['id']}").json
    original = transaction(money, payout["ledger_transaction_id"])
    reversal = transaction(money, payout["return_transaction_id"])
    assert reversal["reverses_id"] == original["id"]
    assert balanced(original) and balanced(reversal)
    flip = {"debit": "credit", "credit": "debit"}
    assert sorted(
        (e["account_id"], flip[e["direction"]], e["amount"]) for e in original["entries"]
    ) == sorted((e["account_id"], e["direction"], e["amount"]) for e in reversal["entries"])
    payable = the_account(money, "worker_payable", returning)
    assert payable["balances"] == {"posted": 10_000, "pending": 10_000, "available": 10_000}
    assert [e["direction"] for e in entries(money, payable["id"])] == ["credit", "debit", "credit"]
    assert money.audit() == []


# --- isolation and scopes ---------------------------------------------------------------------


def test_another_tenants_ledger_is_invisible(money: Money, other: Money) -> None:
    other.deposit(50_000)
    theirs = accounts(other)
    assert len(theirs) == 3  # cash, escrow and held
    deposit = other.api.get("/v1/escrow/deposits").json["data"][0]
    assert accounts(money) == []
    assert accounts(money, f"owner_id={other.employer_id}") == []
    for account in theirs:
        assert_problem(
            money.api.get(f"/v1/ledger/accounts/{account['id']}"), 404, "resource_missing"
        )
        assert_problem(
            money.api.get(f"/v1/ledger/accounts/{account['id']}/entries"), 404, "resource_missing"
        )
    assert_problem(
        money.api.get(f"/v1/ledger/transactions/{deposit['ledger_transaction_id']}"),
        404,
        "resource_missing",
    )
    # and the owner still sees them
    assert transaction(other, deposit["ledger_transaction_id"])["status"] == "posted"
    assert other.audit() == [] and money.audit() == []


def test_unknown_and_malformed_ledger_ids(money: Money) -> None:
    assert_problem(money.api.get("/v1/ledger/accounts/lac_" + "1" * 26), 404, "resource_missing")
    assert_problem(
        money.api.get("/v1/ledger/accounts/lac_" + "1" * 26 + "/entries"), 404, "resource_missing"
    )
    assert_problem(
        money.api.get("/v1/ledger/transactions/ltx_" + "1" * 26), 404, "resource_missing"
    )
    for path in (
        "/v1/ledger/accounts/lac_1",
        f"/v1/ledger/accounts/{money.employer_id}",
        "/v1/ledger/transactions/ltx_1",
        "/v1/ledger/transactions/lac_" + "1" * 26,
    ):
        assert_problem(money.api.get(path), 404, "route_not_found")


def test_the_ledger_needs_escrow_read(money: Money) -> None:
    money.deposit(10_000)
    account = accounts(money)[0]
    txn_id = money.api.get("/v1/escrow/deposits").json["data"][0]["ledger_transaction_id"]
    paths = [
        "/v1/ledger/accounts",
        f"/v1/ledger/accounts/{account['id']}",
        f"/v1/ledger/accounts/{account['id']}/entries",
        f"/v1/ledger/transactions/{txn_id}",
    ]
    parties_only = ApiClient(money.api.client, money.tenant.key(["parties:read"]))
    payouts_only = ApiClient(money.api.client, money.tenant.key(["payouts:read"]))
    reader = ApiClient(money.api.client, money.tenant.key(["escrow:read"]))
    writer = ApiClient(money.api.client, money.tenant.key(["escrow:write"]))  # implies read
    anonymous = ApiClient(money.api.client, None)
    for path in paths:
        problem = assert_problem(parties_only.get(path), 403, "insufficient_scope")
        assert problem["required_scopes"] == ["escrow:read"]
        assert_problem(payouts_only.get(path), 403, "insufficient_scope")
        assert_problem(anonymous.get(path), 401, "authentication_required")
        assert reader.get(path).status_code == 200, path
        assert writer.get(path).status_code == 200, path


def test_the_ledger_is_read_only(money: Money) -> None:
    money.deposit(10_000)
    account = accounts(money)[0]
    before = accounts(money)
    for method, path in [
        ("post", "/v1/ledger/accounts"),
        ("patch", f"/v1/ledger/accounts/{account['id']}"),
        ("delete", f"/v1/ledger/accounts/{account['id']}"),
        ("post", f"/v1/ledger/accounts/{account['id']}/entries"),
    ]:
        resp = getattr(money.api, method)(path, **({"json": {}} if method != "delete" else {}))
        assert_problem(resp, 405, "method_not_allowed")
    assert accounts(money) == before


# --- the audit after every money scenario -----------------------------------------------------


def test_the_audit_is_clean_after_a_day_of_everything(money: Money) -> None:
    """Every movement at once: deposits (ok, declined, delayed), holds, releases, a cancel,
    a refund, payouts paid, failed, retried, timed out, returned, and reconciliation."""
    money.deposit(500_000)
    assert money.deposit(400_002).json["status"] == "failed"
    delayed = money.deposit(400_003).json
    hold = money.hold(100_000).json
    money.release(hold["id"], amount=30_000, keep_remainder_held=True)
    assert money.post(f"/v1/escrow/holds/{hold['id']}/cancel").status_code == 200
    refund = money.post(
        "/v1/escrow/refunds",
        {"employer_id": money.employer_id, "amount": 50_000, "currency": "CNY"},
    )
    assert refund.status_code == 201
    references = ("sandbox_no_funds", "sandbox_timeout", "sandbox_returned")
    workers = {ref: money.new_worker(ref) for ref in references}
    for worker_id in workers.values():
        fund(money, 20_000, worker_id)
    assert money.audit() == []

    assert money.payout(30_000).status_code == 201
    for worker_id in workers.values():
        assert money.payout(20_000, worker_id).status_code == 201
    assert money.audit() == []
    failed = money.api.get("/v1/payouts?status=failed").json["data"][0]
    patched = money.api.patch(
        f"/v1/workers/{failed['worker_id']}",
        {
            "payout_account": {
                "kind": "wallet",
                "provider": "wechat",
                "account_reference": "wx_ok_1",
            }
        },
    )
    assert patched.status_code == 200
    retried = money.post(f"/v1/payouts/{failed['id']}/retry", {"refresh_destination": True})
    assert retried.status_code == 200
    assert money.audit() == []
    assert reconcile(money) == 2  # the timed-out one is paid, the returned one reversed
    with uow(money) as session:
        session.execute(
            update(Deposit)
            .where(Deposit.id == delayed["id"])
            .values(created_at=now(session) - dt.timedelta(seconds=10))
        )
    with uow(money) as session:
        assert escrow_service.refresh_pending_deposits(session, actor=Actor("system", None)) == 1
    assert money.api.get(f"/v1/escrow/deposits/{delayed['id']}").json["status"] == "succeeded"

    statuses = sorted(p["status"] for p in money.api.get("/v1/payouts").json["data"])
    assert statuses == ["paid", "paid", "paid", "returned"]
    # the provider holds what came in less what went out
    assert money.cash() == 500_000 + 400_003 + 3 * 20_000 - 50_000 - 30_000 - 2 * 20_000
    available = 500_000 + 400_003 - 30_000 - 50_000
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": available,
        "held": 0,
        "total": available,
    }
    assert money.payable() == ZERO
    assert money.payable(workers["sandbox_no_funds"]) == ZERO
    assert money.payable(workers["sandbox_timeout"]) == ZERO
    returned = {"posted": 20_000, "pending": 20_000, "available": 20_000}
    assert money.payable(workers["sandbox_returned"]) == returned
    # what the provider holds is exactly what is owed: escrow plus payables
    assert money.cash() == available + 20_000
    assert money.audit() == []
