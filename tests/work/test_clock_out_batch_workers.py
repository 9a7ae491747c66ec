"""A clock-out batch settled by real `gigkit worker` processes on PostgreSQL and Redis: the
worker is SIGKILLed (its whole process group) in the middle of a chunk, its shifts locked and
measured, its settlement under way and not committed; a fresh worker settles the batch and
every shift is settled exactly once.

The chunk is held mid-way without a hook in the application: the test holds a row lock on
the second employer's ledger accounts, so the worker's chunk for that employer stops at its
balance UPDATE, inside its transaction."""

from __future__ import annotations

import datetime as dt
import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.core import jobs
from app.core.worker import HEARTBEAT_TTL
from app.ledger import service as ledger
from app.payslips import service as payslips
from app.work.clock_out_batches import ClockOutBatch
from tests.conftest import Postgres, make_settings
from tests.helpers import ApiClient, database, employer_body, new_tenant, post_created
from tests.money.conftest import make_money
from tests.workers import (
    kill,
    release_scheduler_locks,
    reset_queues,
    start_worker,
    wait_for,
    worker_env,
)

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture()
def rq_app(postgres: Postgres, redis_url: str, tmp_path: Path) -> Iterator[Any]:
    settings = make_settings(
        postgres.app_url,
        tmp_path,
        redis_url=redis_url,
        queue_name=f"gigkit-batch-{secrets.token_hex(4)}",
    )
    app = create_app(settings)
    previous = jobs._runner
    jobs.configure(app.extensions["gigkit"].jobs)
    yield app
    jobs._runner = previous
    reset_queues(app.extensions["gigkit"].jobs)
    app.extensions["gigkit"].database.dispose()


def _shifts(api: ApiClient, money: Any, employer_id: str, n: int) -> list[str]:
    """`n` workers engaged today by the employer, clocked in now; their shift ids."""
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    made = []
    for _ in range(n):
        engagement = post_created(
            api,
            "/v1/engagements",
            {
                "worker_id": money.new_worker(),
                "employer_id": employer_id,
                "pay": {"basis": "daily", "rate": "200.00"},
                "first_day": today.isoformat(),
                "last_day": today.isoformat(),
                "shifts": [{"day": today.isoformat()}],
            },
        )
        shift = api.get(f"/v1/shifts?engagement_id={engagement['id']}").json["data"][0]["id"]
        assert api.post(f"/v1/shifts/{shift}/clock-in", {}).status_code == 200
        made.append(shift)
    return made


def test_a_worker_killed_mid_chunk_loses_nothing_and_settles_nothing_twice(
    rq_app: Any, postgres: Postgres, tmp_path: Path
) -> None:
    from rq.registry import StartedJobRegistry

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    api = ApiClient(rq_app.test_client(), tenant.api_key)
    money = make_money(api, tenant)
    assert money.deposit(1_000_000).json["status"] == "succeeded"
    second = post_created(api, "/v1/employers", employer_body())["id"]
    assert money.deposit(1_000_000, employer_id=second).json["status"] == "succeeded"
    shifts = _shifts(api, money, money.employer_id, 3) + _shifts(api, money, second, 3)
    accepted = api.post(
        "/v1/clock-out-batches",
        {"clock_outs": [{"shift_id": s} for s in shifts]},
        headers={"Idempotency-Key": secrets.token_hex(8)},
    )
    assert accepted.status_code == 202, accepted.json
    batch_id = accepted.json["id"]

    def batch() -> dict[str, Any]:
        return dict(api.get(f"/v1/clock-out-batches/{batch_id}").json)

    admin = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    holder = create_engine(postgres.admin_url).connect()
    blocked = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock'"
    )
    log = tmp_path / "workers.log"
    env = worker_env(state.settings)
    try:
        with holder.begin():
            locked = holder.execute(
                text("SELECT id FROM ledger_accounts WHERE owner_id = :e FOR UPDATE"),
                {"e": second},
            ).all()
            assert locked
            first = start_worker(env, log)
            try:
                with admin.connect() as probe:
                    wait_for(
                        lambda: bool(probe.execute(text(blocked)).scalar()),
                        "a chunk waits on the second employer's accounts",
                        log,
                    )
                time.sleep(0.3)
            finally:
                kill(first)
            assert first.returncode == -signal.SIGKILL
        # the lock is released: the dead worker's transaction goes no further than its
        # statement (no COMMIT can come from a dead client) and is rolled back
    finally:
        holder.close()

    def settled_of_second() -> int:
        with database(rq_app).unit_of_work(tenant_id=tenant.id) as session:
            return len(payslips.of_shifts(session, shifts[3:]))

    assert settled_of_second() == 0 and batch()["status"] == "settling"
    assert batch()["counts"]["pending"] >= 3  # the chunk of the second employer, at least

    # RQ hands a dead worker's job back once its registry entry expires: HEARTBEAT_TTL after
    # the last heartbeat (core.worker), not the chunk's timeout (600 s); a sweep that late
    for queue in state.jobs.worker_queues():
        StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + HEARTBEAT_TTL + 1)
    release_scheduler_locks(state.jobs)
    fresh = start_worker(env, log)
    try:
        wait_for(lambda: batch()["status"] == "completed", "a fresh worker completes it", log)
    finally:
        kill(fresh)
    assert batch()["counts"] == {"total": 6, "pending": 0, "settled": 6, "failed": 0}

    with admin.connect() as conn:
        released = conn.execute(
            text(
                "SELECT source_id, count(*) FROM escrow_releases"
                " WHERE tenant_id = :t AND source_type = 'shift' GROUP BY source_id"
            ),
            {"t": tenant.id},
        ).all()
        slips = conn.execute(
            text(
                "SELECT p.shift_id, count(*) FROM payslips p JOIN payouts o"
                " ON o.tenant_id = p.tenant_id AND o.source_type = 'payslip' AND o.source_id = p.id"
                " WHERE p.tenant_id = :t GROUP BY p.shift_id"
            ),
            {"t": tenant.id},
        ).all()
    admin.dispose()
    # one release of each shift's hold, one payslip and one payout each
    assert sorted(s for s, _ in released) == sorted(shifts) and {c for _, c in released} == {1}
    assert sorted(s for s, _ in slips) == sorted(shifts) and {c for _, c in slips} == {1}
    with database(rq_app).unit_of_work(tenant_id=tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(ClockOutBatch)) == 1
        assert ledger.audit(session) == []
    for shift in shifts:
        assert api.get(f"/v1/shifts/{shift}").json["status"] == "settled"
