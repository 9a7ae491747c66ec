"""SDK v2: the resource-style methods generated from the spec (`gigkit_sdk/resources.py`),
sync and async, over the live server."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from gigkit_client.api.escrow import get_employer_escrow
from gigkit_client.models import Deposit, Hold, Payout, PayoutAccount, Release, Worker
from gigkit_sdk import AsyncGigkit, Gigkit, InsufficientFundsError, NotFoundError

from tests.helpers import credit_code, id_card_number, mobile
from tests.live import ROOT
from tests.sdk.test_call import Recorder

SPEC = json.loads((ROOT / "openapi" / "openapi.json").read_text())
WALLET = PayoutAccount(kind="wallet", provider="wechat", account_reference="wxid_chenwei")


def _operations() -> list[tuple[str, str]]:
    return [
        (op["tags"][0], op["operationId"])
        for item in SPEC["paths"].values()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_every_operation_of_the_spec_is_a_method_sync_and_async() -> None:
    gk = Gigkit("http://127.0.0.1:9", api_key="gk_test_x")
    agk = AsyncGigkit("http://127.0.0.1:9", api_key="gk_test_x")
    for tag, operation_id in _operations():
        assert callable(getattr(getattr(gk, tag), operation_id)), (tag, operation_id)
        assert asyncio.iscoroutinefunction(getattr(getattr(agk, tag), operation_id)) or (
            operation_id.startswith("list_")
        ), (tag, operation_id)
    # The examples, and resources named after the collections of the paths.
    assert gk.workers.list.__doc__ and "every item of every page" in gk.workers.list.__doc__
    for space, method in [
        ("escrow", "create_hold"),
        ("payouts", "get"),
        ("payouts", "get_payout"),
        ("holds", "release"),
        ("shifts", "schedule"),
        ("contracts", "sign"),
        ("tenant", "get"),
    ]:
        assert callable(getattr(getattr(agk, space), method)), (space, method)
    gk.close()
    asyncio.run(agk.close())


def _worker(gk: Gigkit, **overrides: Any) -> Worker:
    fields: dict[str, Any] = {
        "name": "陈伟",
        "mobile": mobile(),
        "id_card_number": id_card_number(),
        "skills": ["leather-cutting"],
    }
    return gk.workers.create(**{**fields, **overrides})


def test_the_money_flow_with_resource_methods(live: dict[str, Any]) -> None:
    recorder = Recorder()
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"], transport=recorder) as gk:
        employer = gk.parties.create_employer(name="狮岭皮具厂", credit_code=credit_code())
        worker = _worker(gk, payout_account=WALLET)
        deposit = gk.escrow.create_deposit(employer_id=employer.id, amount=100_000, currency="CNY")
        key = f"day-{uuid.uuid4()}"
        hold = gk.escrow.create_hold(
            employer_id=employer.id, amount=28000, currency="CNY", idempotency_key=key
        )
        again = gk.holds.create(
            employer_id=employer.id, amount=28000, currency="CNY", idempotency_key=key
        )
        release = gk.holds.release(hold.id, worker_id=worker.id)
        payout = gk.payouts.create(worker_id=worker.id, amount=28000, currency="CNY")
        fetched = gk.payouts.get(payout.id)
        escrow = gk.escrow.get_employer_escrow(employer.id)
    assert isinstance(deposit, Deposit) and isinstance(hold, Hold)
    assert isinstance(release, Release) and isinstance(fetched, Payout)
    assert again.id == hold.id and fetched.id == payout.id and fetched.amount == 28000
    assert escrow.available == 100_000 - 28000
    # Every POST carried a key: made for each call, or the one given (twice, the same).
    posts, gets = recorder.keys[:7], recorder.keys[7:]
    assert all(posts) and posts.count(key) == 2 and len(set(posts)) == 6
    assert gets == [None, None]


def test_a_list_method_yields_every_item_of_every_page(live: dict[str, Any]) -> None:
    skill = f"skill-{uuid.uuid4().hex[:8]}"
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as gk:
        made = {_worker(gk, skills=[skill]).id for _ in range(3)}
        listed = [w.id for w in gk.workers.list(skill=skill, limit=2)]
        pages = [w.id for w in gk.parties.list_workers(skill=skill, limit=1)]
    assert set(listed) == made == set(pages) and len(listed) == 3


def test_async_gigkit_has_the_same_surface(live: dict[str, Any]) -> None:
    async def scenario() -> tuple[Worker, Worker, list[str]]:
        async with AsyncGigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as agk:
            made = await agk.workers.create(
                name="王芳", mobile=mobile(), id_card_number=id_card_number()
            )
            fetched = await agk.parties.get_worker(made.id)
            ids = [w.id async for w in agk.workers.list(limit=2)]
            employer = await agk.employers.create(name="狮岭皮具厂", credit_code=credit_code())
            await agk.escrow.create_deposit(employer_id=employer.id, amount=500, currency="CNY")
            raw = await agk.call(get_employer_escrow, employer_id=employer.id)
            assert raw.available == 500
            return made, fetched, ids

    made, fetched, ids = asyncio.run(scenario())
    assert fetched.id == made.id and made.id in ids


def test_an_error_answer_raises_its_family(live: dict[str, Any]) -> None:
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as gk:
        employer = gk.employers.create(name="狮岭皮具厂", credit_code=credit_code())
        try:
            gk.escrow.create_hold(employer_id=employer.id, amount=10**9, currency="CNY")
        except InsufficientFundsError as error:
            assert error.code == "insufficient_escrow_balance"
        else:
            raise AssertionError("no error")
        try:
            gk.payouts.get("po_" + "0" * 26)
        except NotFoundError as error:
            assert error.status == 404
        else:
            raise AssertionError("no error")


def test_the_methods_the_docs_name_exist() -> None:
    """`gk.<namespace>.<method>` in docs/sdk.md, sdk/README.md and the pay-a-worker pages
    (prose included)."""
    gk = Gigkit("http://127.0.0.1:9", api_key="gk_test_x")
    pages = ["docs/sdk.md", "sdk/README.md", "docs/pay-a-worker.md", "docs/zh/pay-a-worker.md"]
    named = {
        found
        for page in (ROOT / name for name in pages)
        for found in re.findall(r"\ba?gk\.([a-z_]+)\.([a-z_]+)\b", page.read_text())
    }
    missing = [f"{a}.{b}" for a, b in sorted(named) if not hasattr(getattr(gk, a, None), b)]
    assert missing == ["payouts.gett"], missing  # the misspelling mypy catches, on purpose
    gk.close()
