"""Fault injection with a real Redis and real `gigkit worker` processes: the worker dies
(SIGKILL, its whole process group) while a payout job is inside the provider call, after
the provider has moved the money and before gigkit heard the answer. A new worker picks
the job up again, and the worker is paid exactly once."""

from __future__ import annotations

import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import create_app
from app.core import jobs
from app.ledger.models import LedgerTransaction
from app.payouts.models import Payout, SandboxTransfer
from tests.conftest import Postgres, make_settings
from tests.helpers import ApiClient, database, new_tenant
from tests.money.conftest import Money, make_money
from tests.workers import (
    kill,
    release_scheduler_locks,
    reset_queues,
    start_worker,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.redis


@pytest.fixture()
def rq_app(postgres: Postgres, redis_url: str, tmp_path: Path) -> Iterator[Any]:
    settings = make_settings(
        postgres.app_url,
        tmp_path,
        redis_url=redis_url,
        queue_name=f"gigkit-fault-{secrets.token_hex(4)}",
    )
    app = create_app(settings)
    previous = jobs._runner
    jobs.configure(app.extensions["gigkit"].jobs)
    yield app
    jobs._runner = previous
    reset_queues(app.extensions["gigkit"].jobs)
    app.extensions["gigkit"].database.dispose()


def test_a_worker_killed_inside_the_provider_call_pays_exactly_once(
    rq_app: Any, tmp_path: Path
) -> None:
    from rq.registry import StartedJobRegistry

    state = rq_app.extensions["gigkit"]
    queue = state.jobs.queues["money"]
    tenant = new_tenant(rq_app)
    money: Money = make_money(ApiClient(rq_app.test_client(), tenant.api_key), tenant)
    worker_id = money.new_worker("sandbox_slow")
    assert money.deposit(1_000_000).json["status"] == "succeeded"
    hold = money.hold(28_000).json
    released = money.post(f"/v1/escrow/holds/{hold['id']}/release", {"worker_id": worker_id})
    assert released.status_code == 201, released.json
    created = money.payout(28_000, worker_id=worker_id)
    assert created.status_code == 201, created.json
    payout_id = created.json["id"]
    # the send job left for Redis, on the money queue, when the request committed
    assert [j.args[0] for j in queue.jobs].count("app.payouts.service:send_payout") == 1

    def count(model: Any, *where: Any) -> int:
        with database(rq_app).unit_of_work(tenant_id=tenant.id) as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)))

    def status() -> str:
        with database(rq_app).unit_of_work(tenant_id=tenant.id) as session:
            return str(session.scalar(select(Payout.status).where(Payout.id == payout_id)))

    transfers = (SandboxTransfer.payout_id == payout_id,)
    log = tmp_path / "workers.log"
    # long enough that the kill surely lands inside the provider call
    env = worker_env(state.settings, GIGKIT_SANDBOX_SLOW_SECONDS="120")

    first = start_worker(env, log)
    try:
        # The provider has recorded (made) the transfer and is now "slow" to answer.
        wait_for(lambda: count(SandboxTransfer, *transfers) == 1, "the provider is called", log)
        time.sleep(0.5)
        assert status() == "pending"
    finally:
        kill(first)
    assert first.returncode == -signal.SIGKILL
    assert status() == "pending"  # the answer never arrived
    assert money.payable(worker_id) == {"posted": 28_000, "pending": 0, "available": 0}

    # The dead worker's job stays "started" until its timeout passes; RQ's registry cleanup
    # then hands it back (a retry, in 5 s). Pretend the timeout (and the dead scheduler's
    # 61 s lock) has passed rather than waiting for it.
    registry = StartedJobRegistry(queue=queue)
    assert registry.count == 1
    registry.cleanup(timestamp=time.time() + 3600)
    release_scheduler_locks(state.jobs)
    assert registry.count == 0

    second = start_worker(env, log)
    try:
        wait_for(lambda: status() == "paid", "the new worker settles the payout", log)
    finally:
        kill(second)

    assert count(SandboxTransfer, *transfers) == 1  # paid once at the provider
    ledger_rows = (
        LedgerTransaction.source_type == "payout",
        LedgerTransaction.source_id == payout_id,
    )
    assert count(LedgerTransaction, *ledger_rows) == 1
    assert count(LedgerTransaction, *ledger_rows, LedgerTransaction.status == "posted") == 1
    payout = money.api.get(f"/v1/payouts/{payout_id}").json
    assert (payout["status"], payout["attempt"]) == ("paid", 1)
    assert money.payable(worker_id) == {"posted": 0, "pending": 0, "available": 0}
    assert money.audit() == []
