"""Where a payout's money goes: the destination recorded when the payout was created, never
the worker's payout account as it is when the send job runs or is run again. A retry pays the
same destination unless asked to refresh it, every attempt's destination is in the payout's
history, a recorded destination only opens for its own tenant and payout, and a payout with
none recorded (created before destinations were recorded) is never sent anywhere.

The provider is the sandbox, wrapped by a recording double that remembers which account each
transfer was sent to; send jobs can be held back, as a slow queue would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from app.core.crypto import DecryptionError
from app.core.db import keyring_of
from app.core.ids import new_id
from app.core.jobs import UnitsOfWork
from app.payouts import destinations, providers
from app.payouts import service as payout_service
from app.payouts.models import Payout, SandboxTransfer
from tests.helpers import ApiClient, TenantHandle, assert_problem, database
from tests.money.conftest import Money, make_money
from tests.money.test_payouts import (
    ZERO,
    age,
    events,
    funded_worker,
    get,
    payable,
    reconcile,
    retry,
    snapshot,
    transfers,
    txn,
    uow,
)


class Provider:
    """The sandbox, recording `(provider key, account)` of every send; `down` refuses them."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.down = False


@pytest.fixture()
def provider(monkeypatch: pytest.MonkeyPatch) -> Provider:
    double = Provider()
    sandbox_send = providers.SandboxPayouts.send

    def send(self: providers.SandboxPayouts, **kwargs: Any) -> providers.PayoutResult:
        if double.down:
            raise RuntimeError("connection refused")
        double.sent.append((kwargs["key"], kwargs["account"]))
        return sandbox_send(self, **kwargs)

    monkeypatch.setattr(providers.SandboxPayouts, "send", send)
    return double


class Held:
    """Payout send jobs held back instead of run after commit (ids of their payouts)."""

    def __init__(self) -> None:
        self.payout_ids: list[str] = []
        self.holding = True


@pytest.fixture()
def held(money: Money, monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    runner = money.tenant.app.extensions["gigkit"].jobs
    dispatch = runner.dispatch
    jobs = Held()

    def hold_payout_sends(
        fn: Any, tenant_id: str | None, kwargs: dict[str, Any], **options: Any
    ) -> None:
        if jobs.holding and fn is payout_service.send_payout:
            jobs.payout_ids.append(kwargs["payout_id"])
        else:
            dispatch(fn, tenant_id, kwargs, **options)

    monkeypatch.setattr(runner, "dispatch", hold_payout_sends)
    yield jobs


@pytest.fixture()
def other(client: Any, other_tenant: TenantHandle) -> Money:
    return make_money(ApiClient(client, other_tenant.api_key), other_tenant)


def run_job(money: Money, payout_id: str) -> str:
    """The payout's send job, as the worker runs it."""
    with uow(money) as session:
        return payout_service.send_payout(UnitsOfWork.of(session), payout_id=payout_id)


def partner(money: Money) -> ApiClient:
    """A key that may only change employers and workers (scope `parties:write`)."""
    return ApiClient(money.api.client, money.tenant.key(["parties:write"]))


def change_account(api: ApiClient, worker_id: str, reference: str) -> None:
    account = {"kind": "bank_account", "provider": "icbc", "account_reference": reference}
    resp = api.patch(f"/v1/workers/{worker_id}", {"payout_account": account})
    assert resp.status_code == 200, resp.json


def history(payout: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            a["number"],
            a["destination_kind"],
            a["destination_masked"][-4:],
            a["destination_refreshed"],
            a["outcome"],
            a["failure_code"],
        )
        for a in payout["attempts"]
    ]


def legacy_payout(money: Money, worker_id: str, amount: int) -> str:
    """A pending payout as the code before destination snapshots wrote it: the masked
    destination only, no ciphertext, no attempts."""
    with uow(money) as session:
        payout = Payout(
            id=new_id("po"),
            worker_id=worker_id,
            amount=amount,
            currency="CNY",
            status="pending",
            generation=1,
            provider="sandbox",
            destination_kind="wallet",
            destination_provider="wechat",
            destination_masked="**********5555",
        )
        payout.ledger_transaction_id = payout_service._pending(session, [payout])[0]
        session.add(payout)
        return payout.id


# --- the recorded destination -----------------------------------------------------------------


def test_a_late_send_pays_the_account_recorded_at_creation(
    money: Money, provider: Provider, held: Held
) -> None:
    worker_id = funded_worker(money, "wxid_orig_1111", 10_000)
    created = money.payout(10_000, worker_id)
    assert created.status_code == 201, created.json
    payout_id = created.json["id"]
    assert held.payout_ids == [payout_id]  # the job has not run yet

    # someone holding only `parties:write` redirects the worker's account meanwhile
    change_account(partner(money), worker_id, "6222020000002222")

    assert run_job(money, payout_id) == "paid"
    assert provider.sent == [(f"{payout_id}:1", "wxid_orig_1111")]
    assert history(created.json) == [(1, "wallet", "1111", False, None, None)]
    paid = get(money, payout_id)
    assert (paid["destination_kind"], paid["destination_provider"]) == ("wallet", "wechat")
    assert paid["destination_masked"].endswith("1111")
    assert history(paid) == [(1, "wallet", "1111", False, "paid", None)]
    attempt = paid["attempts"][0]
    assert attempt["provider_reference"] == paid["provider_reference"]
    assert attempt["ledger_transaction_id"] == paid["ledger_transaction_id"]
    assert attempt["started_at"] and attempt["ended_at"]
    event = events(money, "payout.paid", payout_id)[0]
    assert event["destination_masked"].endswith("1111")
    assert history(event) == history(paid)
    for body in (str(paid), str(event)):
        assert "wxid_orig_1111" not in body

    # the job delivered again pays nothing more
    assert run_job(money, payout_id) == "paid"
    assert len(provider.sent) == 1
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


def test_a_re_send_by_reconcile_pays_the_account_recorded_at_creation(
    money: Money, provider: Provider
) -> None:
    worker_id = funded_worker(money, "wxid_orig_4444", 10_000)
    provider.down = True
    lost = money.payout(10_000, worker_id).json["id"]  # its send never reached the provider
    provider.down = False
    assert get(money, lost)["status"] == "pending"

    change_account(partner(money), worker_id, "sandbox_closed")
    age(money, lost, 3)
    reconcile(money)  # re-sends it, with the same key, to the recorded account

    assert provider.sent == [(f"{lost}:1", "wxid_orig_4444")]
    paid = get(money, lost)
    assert (paid["status"], paid["attempt"]) == ("paid", 1)
    assert history(paid) == [(1, "wallet", "4444", False, "paid", None)]
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


# --- retries ----------------------------------------------------------------------------------


def test_a_retry_pays_the_same_destination_unless_asked_to_refresh_it(
    money: Money, provider: Provider
) -> None:
    worker_id = funded_worker(money, "sandbox_no_funds", 10_000)
    failed = get(money, money.payout(10_000, worker_id).json["id"])
    payout_id = failed["id"]
    assert (failed["status"], failed["failure_code"]) == ("failed", "insufficient_provider_funds")
    change_account(partner(money), worker_id, "6222020000003333")

    # by default, the same destination again
    resp = retry(money, payout_id)
    assert resp.status_code == 200, resp.json
    assert (resp.json["attempt"], resp.json["destination_masked"][-4:]) == (2, "unds")
    assert history(resp.json) == [
        (1, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
        (2, "wallet", "unds", False, None, None),
    ]
    second = get(money, payout_id)
    assert (second["status"], second["failure_code"]) == ("failed", "insufficient_provider_funds")
    assert money.payable(worker_id) == payable(10_000)

    # asked to, the worker's account as it is now
    resp = retry(money, payout_id, refresh=True)
    assert resp.status_code == 200, resp.json
    assert resp.json["destination_kind"] == "bank_account"
    assert resp.json["destination_provider"] == "icbc"
    assert resp.json["destination_masked"].endswith("3333")
    paid = get(money, payout_id)
    assert (paid["status"], paid["attempt"]) == ("paid", 3)

    assert provider.sent == [
        (f"{payout_id}:1", "sandbox_no_funds"),
        (f"{payout_id}:2", "sandbox_no_funds"),
        (f"{payout_id}:3", "6222020000003333"),
    ]
    assert history(paid) == [
        (1, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
        (2, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
        (3, "bank_account", "3333", True, "paid", None),
    ]
    # each attempt kept its own ledger transaction and provider transfer
    assert [txn(money, a["ledger_transaction_id"])["status"] for a in paid["attempts"]] == [
        "archived",
        "archived",
        "posted",
    ]
    assert paid["attempts"][-1]["ledger_transaction_id"] == paid["ledger_transaction_id"]
    assert [a["provider_reference"] for a in paid["attempts"]] == transfer_ids(money, payout_id)
    assert [t[1] for t in transfers(money, payout_id)] == ["failed", "failed", "paid"]
    # the retried events carry the history as it was when each attempt started
    retried = events(money, "payout.retried", payout_id)
    assert [history(e) for e in retried] == [
        [
            (1, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
            (2, "wallet", "unds", False, None, None),
        ],
        [
            (1, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
            (2, "wallet", "unds", False, "failed", "insufficient_provider_funds"),
            (3, "bank_account", "3333", True, None, None),
        ],
    ]
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


def transfer_ids(money: Money, payout_id: str) -> list[str]:
    """The provider's references of the payout's transfers, attempt by attempt."""
    with uow(money) as session:
        return list(
            session.scalars(
                select(SandboxTransfer.id)
                .where(SandboxTransfer.payout_id == payout_id)
                .order_by(SandboxTransfer.idempotency_key)
            )
        )


def test_retry_bodies(money: Money, provider: Provider) -> None:
    worker_id = funded_worker(money, "sandbox_closed", 10_000)
    payout_id = money.payout(10_000, worker_id).json["id"]
    before = snapshot(money, worker_id)
    path = f"/v1/payouts/{payout_id}/retry"
    for body in (
        {"refresh_destination": "yes"},
        {"refresh_destination": 1},
        {"refresh_destination": None},
        {"refresh": True},
        {"refresh_destination": True, "worker_id": worker_id},
    ):
        problem = assert_problem(money.post(path, body), 422, "validation_error")
        assert problem["errors"][0]["field"] in body, body
    assert snapshot(money, worker_id) == before
    # no body at all, as before this option existed: the same destination again
    resp = money.api.post(path, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert resp.status_code == 200, resp.json
    assert provider.sent == [
        (f"{payout_id}:1", "sandbox_closed"),
        (f"{payout_id}:2", "sandbox_closed"),
    ]


# --- the record only opens for its own payout ------------------------------------------------


def test_a_destination_copied_from_another_payout_does_not_open(
    money: Money, other: Money, provider: Provider, held: Held
) -> None:
    mine = funded_worker(money, "wxid_mine_1111", 10_000)
    theirs = funded_worker(money, "wxid_else_2222", 10_000)
    target = money.payout(10_000, mine).json["id"]
    source = money.payout(10_000, theirs).json["id"]
    with uow(money) as session:
        copied = session.scalar(select(Payout.destination_ciphertext).where(Payout.id == source))
        assert copied is not None and "wxid" not in copied
        session.execute(
            update(Payout).where(Payout.id == target).values(destination_ciphertext=copied)
        )
        keyring = keyring_of(session)
        assert keyring.decrypt(copied, context=destinations.context(session, source)) == (
            "wxid_else_2222"
        )
        with pytest.raises(DecryptionError):
            keyring.decrypt(copied, context=destinations.context(session, target))
    with database(other.tenant.app).unit_of_work(tenant_id=other.tenant.id) as session:
        elsewhere = destinations.context(session, source)  # the same payout id, another tenant
    with pytest.raises(DecryptionError):
        keyring.decrypt(copied, context=elsewhere)

    # the payout with the copied record is sent nowhere: it fails, its money is back
    assert run_job(money, target) == "failed"
    failed = get(money, target)
    assert failed["failure_code"] == "destination_unavailable"
    assert history(failed) == [(1, "wallet", "1111", False, "failed", "destination_unavailable")]
    assert provider.sent == []
    assert money.payable(mine) == payable(10_000)
    # a retry cannot pay it again without a refresh; with one, the worker's own account
    problem = assert_problem(retry(money, target), 422, "destination_unavailable")
    assert problem["errors"][0]["field"] == "refresh_destination"
    assert retry(money, target, refresh=True).status_code == 200
    assert run_job(money, target) == "paid"
    assert run_job(money, source) == "paid"
    assert sorted(provider.sent) == sorted(
        [(f"{target}:2", "wxid_mine_1111"), (f"{source}:1", "wxid_else_2222")]
    )
    assert money.payable(mine) == money.payable(theirs) == ZERO
    assert money.audit() == []


# --- payouts created before destinations were recorded ---------------------------------------


def test_a_payout_without_a_recorded_destination_fails_cleanly_and_a_refreshing_retry_pays_it(
    money: Money, provider: Provider
) -> None:
    worker_id = funded_worker(money, "wxid_legacy_5555", 10_000)
    payout_id = legacy_payout(money, worker_id, 10_000)
    assert money.payable(worker_id) == {"posted": 10_000, "pending": 0, "available": 0}

    assert run_job(money, payout_id) == "failed"  # never guessed from the worker's account
    failed = get(money, payout_id)
    assert (failed["status"], failed["failure_code"]) == ("failed", "destination_unavailable")
    assert failed["attempts"] == []
    assert provider.sent == []
    assert money.payable(worker_id) == payable(10_000)
    assert txn(money, failed["ledger_transaction_id"])["status"] == "archived"
    assert events(money, "payout.failed", payout_id)[0]["failure_code"] == "destination_unavailable"

    before = snapshot(money, worker_id)
    problem = assert_problem(retry(money, payout_id), 422, "destination_unavailable")
    assert "refresh_destination" in problem["detail"]
    assert snapshot(money, worker_id) == before

    resp = retry(money, payout_id, refresh=True)
    assert resp.status_code == 200, resp.json
    paid = get(money, payout_id)
    assert (paid["status"], paid["attempt"]) == ("paid", 2)
    assert provider.sent == [(f"{payout_id}:2", "wxid_legacy_5555")]
    assert history(paid) == [(2, "wallet", "5555", True, "paid", None)]
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []


def test_a_payout_without_a_recorded_destination_that_the_provider_paid_is_settled_as_paid(
    money: Money, provider: Provider
) -> None:
    """Sent by the code before the upgrade, its answer lost: the provider's record decides."""
    worker_id = funded_worker(money, "wxid_legacy_6666", 10_000)
    payout_id = legacy_payout(money, worker_id, 10_000)
    with uow(money) as session:
        sandbox = providers.for_session(session)
    sandbox.send(
        key=f"{payout_id}:1", payout_id=payout_id, amount=10_000, currency="CNY", account="x0001"
    )
    assert run_job(money, payout_id) == "paid"
    assert get(money, payout_id)["status"] == "paid"
    assert len(provider.sent) == 1  # the pre-upgrade send only
    assert money.payable(worker_id) == ZERO
    assert money.audit() == []
