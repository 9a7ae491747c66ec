"""Background jobs: sent only after commit; inline without Redis, RQ with Redis (real server)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import create_app
from app.core import jobs
from tests.conftest import make_settings
from tests.helpers import ApiClient, new_tenant, wait_until, worker_body
from tests.money.conftest import make_money
from tests.workers import reset_queues

CALLS: list[dict[str, Any]] = []


@jobs.job("housekeeping")
def record_call(session: Session, **kwargs: Any) -> None:
    """A job: remembers it ran, with which tenant bound."""
    CALLS.append({"tenant_id": session.info.get("tenant_id"), **kwargs})


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    monkeypatch.setattr(jobs, "ALLOWED_PACKAGES", {"app", "tests"})


def test_inline_job_runs_after_commit_with_its_tenant(app: Any, tenant: Any) -> None:
    database = app.extensions["gigkit"].database
    if app.extensions["gigkit"].jobs.uses_redis:
        pytest.skip("inline mode only")
    with database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, record_call, n=1)
        assert CALLS == []  # not while the transaction is open
    assert [{"tenant_id": tenant.id, "n": 1}] == CALLS


def test_job_is_dropped_when_the_transaction_rolls_back(app: Any, tenant: Any) -> None:
    database = app.extensions["gigkit"].database
    with pytest.raises(RuntimeError), database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, record_call, n=2)
        raise RuntimeError("boom")
    assert CALLS == []


def test_always_jobs_run_even_after_a_rollback(app: Any, tenant: Any) -> None:
    database = app.extensions["gigkit"].database
    with pytest.raises(RuntimeError), database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, record_call, always=True, n=3)
        raise RuntimeError("boom")
    assert [{"tenant_id": tenant.id, "n": 3}] == CALLS


def test_only_app_functions_can_be_run() -> None:
    with pytest.raises(ValueError):
        jobs._resolve("os:system")
    assert jobs._resolve("app.tenants.api_keys:touch") is not None
    with pytest.raises(ValueError):  # an app function, but not a job
        jobs._resolve("app.tenants.api_keys:create")


def housekeeping(state: Any) -> Any:
    return state.jobs.queues["housekeeping"]


@pytest.fixture()
def rq_app(postgres: Any, redis_url: str, tmp_path: Any) -> Iterator[Any]:
    queue = f"gigkit-test-{secrets.token_hex(4)}"
    app = create_app(
        make_settings(postgres.app_url, tmp_path, redis_url=redis_url, queue_name=queue)
    )
    jobs.configure(app.extensions["gigkit"].jobs)
    yield app
    reset_queues(app.extensions["gigkit"].jobs)
    app.extensions["gigkit"].database.dispose()


@pytest.mark.redis
def test_rq_job_is_queued_after_commit_and_run_by_a_worker(rq_app: Any) -> None:
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    with pytest.raises(RuntimeError), state.database.unit_of_work(tenant_id=tenant.id) as s:
        jobs.enqueue(s, record_call, n=4)
        raise RuntimeError("rolled back")
    assert housekeeping(state).count == 0
    with state.database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, record_call, n=5)
        assert housekeeping(state).count == 0
    assert housekeeping(state).count == 1
    job = housekeeping(state).jobs[0]
    assert job.retries_left == 5
    SimpleWorker([housekeeping(state)], connection=state.jobs.connection).work(burst=True)
    assert [{"tenant_id": tenant.id, "n": 5}] == CALLS
    assert housekeeping(state).count == 0


@pytest.mark.redis
def test_api_key_last_used_is_written_by_the_worker(rq_app: Any) -> None:
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    api = ApiClient(rq_app.test_client(), tenant.api_key)
    keys = api.get("/v1/api-keys").json["data"]
    assert keys[0]["last_used_at"] is None
    assert housekeeping(state).count == 1  # the GET above queued the touch job
    SimpleWorker([housekeeping(state)], connection=state.jobs.connection).work(burst=True)
    keys = api.get("/v1/api-keys").json["data"]
    assert keys[0]["last_used_at"] is not None
    # within a minute, further requests do not queue more writes
    housekeeping(state).empty()
    api.get("/v1/workers")
    assert housekeeping(state).count == 0


def paths(queue: Any) -> list[str]:
    return [job.args[0] for job in queue.jobs]


@pytest.mark.redis
def test_requests_queue_one_touch_per_credential_however_many_wait(rq_app: Any) -> None:
    """A backlog (no worker running) must not turn every request into another job."""
    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    first = ApiClient(rq_app.test_client(), tenant.api_key)
    second = ApiClient(rq_app.test_client(), tenant.key(["parties:read"]))
    for _ in range(40):
        assert first.get("/v1/workers").status_code == 200
        assert second.get("/v1/workers").status_code == 200
    assert paths(housekeeping(state)).count("app.tenants.api_keys:touch") == 2

    from rq import SimpleWorker

    SimpleWorker([housekeeping(state)], connection=state.jobs.connection).work(burst=True)
    assert all(k["last_used_at"] for k in first.get("/v1/api-keys").json["data"])
    # the marker went when the job started: a key whose time is stale queues a job again
    with state.database.unit_of_work(tenant_id=tenant.id) as session:
        session.execute(text("UPDATE api_keys SET last_used_at = NULL"))
    first.get("/v1/workers")
    first.get("/v1/workers")
    assert paths(housekeeping(state)).count("app.tenants.api_keys:touch") == 1


@pytest.mark.redis
def test_event_writes_queue_one_relay_per_tenant(rq_app: Any) -> None:
    state = rq_app.extensions["gigkit"]
    tenants = [new_tenant(rq_app), new_tenant(rq_app)]
    for tenant in tenants:
        api = ApiClient(rq_app.test_client(), tenant.api_key)
        for _ in range(15):  # each records worker.created
            assert api.post("/v1/workers", worker_body()).status_code == 201
    relays = [j for j in state.jobs.queues["webhooks"].jobs if j.args[0].endswith(":relay_job")]
    assert sorted(j.args[1] for j in relays) == sorted(t.id for t in tenants)


@pytest.mark.redis
def test_a_payout_never_waits_behind_housekeeping(rq_app: Any) -> None:
    """91 housekeeping jobs are waiting when a payout is created: a worker serving every
    queue takes the payout next, and a worker serving only `money` never sees the rest."""
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    money = make_money(ApiClient(rq_app.test_client(), tenant.api_key), tenant)
    assert money.deposit(100_000).json["status"] == "succeeded"
    hold = money.hold(28_000).json
    assert money.release(hold["id"]).status_code == 201
    with state.database.unit_of_work(tenant_id=tenant.id) as session:
        for n in range(91):
            jobs.enqueue(session, record_call, n=n)
    payout = money.payout(28_000).json
    assert payout["status"] == "pending"
    assert len(housekeeping(state)) >= 91

    SimpleWorker(state.jobs.worker_queues(), connection=state.jobs.connection).work(
        burst=True, max_jobs=1
    )
    assert money.api.get(f"/v1/payouts/{payout['id']}").json["status"] == "paid"
    assert CALLS == []  # not one housekeeping job ran first

    hold = money.hold(5_000).json
    assert money.release(hold["id"]).status_code == 201
    second = money.payout(5_000).json
    SimpleWorker(state.jobs.worker_queues(("money",)), connection=state.jobs.connection).work(
        burst=True
    )
    assert money.api.get(f"/v1/payouts/{second['id']}").json["status"] == "paid"
    assert CALLS == [] and len(housekeeping(state)) >= 91


def test_inline_background_jobs_coalesce(app: Any, tenant: Any, monkeypatch: Any) -> None:
    runner = app.extensions["gigkit"].jobs
    if runner.uses_redis:
        pytest.skip("inline mode only")
    started = threading.Event()
    release = threading.Event()

    @jobs.job("housekeeping", coalesce_on=("key",))
    def slow(session: Session, *, key: str, n: int) -> None:
        started.set()
        release.wait(10)
        CALLS.append({"key": key, "n": n})

    monkeypatch.setattr(jobs, "_resolve", lambda path: slow)
    for n in range(5):  # queued while none has started: one job
        runner.dispatch(slow, tenant.id, {"key": "a", "n": n}, delay=0.2)
    runner.dispatch(slow, tenant.id, {"key": "b", "n": 9}, delay=0.2)
    assert started.wait(5)
    release.set()
    wait_until(lambda: len(CALLS) == 2, "both coalesced jobs ran")
    assert sorted((c["key"], c["n"]) for c in CALLS) == [("a", 0), ("b", 9)]


@pytest.mark.redis
def test_a_marker_whose_job_could_not_be_queued_is_dropped(
    rq_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise Redis failing between the marker and the enqueue would block that work
    for the marker's whole TTL."""
    from redis.exceptions import ConnectionError as RedisDown

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    queue = housekeeping(state)

    @jobs.job("housekeeping", coalesce_on=())
    def once(session: Session) -> None: ...

    def down(*_a: Any, **_kw: Any) -> None:
        raise RedisDown("gone")

    monkeypatch.setattr(queue, "enqueue", down)
    with pytest.raises(RedisDown):
        state.jobs.dispatch(once, tenant.id, {})
    monkeypatch.undo()
    state.jobs.dispatch(once, tenant.id, {})
    assert len(queue) == 1


DRAINED: list[int] = []


@jobs.job("housekeeping", coalesce_on=(), drain=True)
def draining(session: Session) -> int:
    """A draining job: takes whatever `WAITING` holds (work that arrived meanwhile)."""
    taken = len(WAITING)
    WAITING.clear()
    DRAINED.append(taken)
    return taken


WAITING: list[int] = []


@pytest.mark.redis
def test_a_draining_job_keeps_its_marker_and_takes_work_that_arrives_meanwhile(
    rq_app: Any, monkeypatch: Any
) -> None:
    """While it runs, new work costs a failed SET NX (no job is queued); once it has found
    nothing it drops the marker and looks once more; a job queued after that runs anew."""
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    database = state.database
    tenant = new_tenant(rq_app)
    DRAINED.clear()
    WAITING[:] = [1, 2]
    with database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, draining)
    arrivals = iter([[3], [4, 5], []])
    real_sleep = jobs.time.sleep
    queued_meanwhile: list[int] = []

    def arrive(seconds: float) -> None:  # between turns, requests add work and kick
        WAITING.extend(next(arrivals, []))
        with database.unit_of_work(tenant_id=tenant.id) as session:
            jobs.enqueue(session, draining)
        queued_meanwhile.append(len(housekeeping(state).jobs))
        real_sleep(seconds)

    monkeypatch.setattr(jobs.time, "sleep", arrive)
    SimpleWorker([housekeeping(state)], connection=state.jobs.connection).work(burst=True)
    assert DRAINED == [2, 1, 2, 0, 0]  # three turns with work, one empty, one after the drop
    assert queued_meanwhile == [0, 0, 0]  # the kicks while it ran queued nothing
    WAITING[:] = [6]
    with database.unit_of_work(tenant_id=tenant.id) as session:  # the marker is gone
        jobs.enqueue(session, draining)
    assert len(housekeeping(state).jobs) == 1


def test_a_draining_job_must_coalesce() -> None:
    with pytest.raises(ValueError, match="draining"):
        jobs.job("webhooks", drain=True)


class _Orig(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def test_a_job_unit_of_work_runs_again_after_a_deadlock_and_no_other_error(
    app: Any, tenant: Any
) -> None:
    """`UnitsOfWork.run`: a deadlock (40P01) or serialization failure (40001) rolls the unit
    back and runs `fn` again in a fresh one, up to 3 times; any other database error is
    raised at once."""
    units = jobs.UnitsOfWork(app.extensions["gigkit"].database, tenant.id)
    calls: list[int] = []

    def flaky(session: Session) -> str:
        calls.append(1)
        session.execute(text("SELECT 1"))
        if len(calls) < 3:
            raise OperationalError("UPDATE ledger_accounts", {}, _Orig("40P01"))
        return "applied"

    assert units.run(flaky) == "applied" and len(calls) == 3

    def broken(session: Session) -> None:
        calls.append(1)
        raise OperationalError("SELECT", {}, _Orig("42P01"))

    calls.clear()
    with pytest.raises(OperationalError):
        units.run(broken)
    assert len(calls) == 1

    def always(session: Session) -> None:
        calls.append(1)
        raise OperationalError("SELECT", {}, _Orig("40001"))

    calls.clear()
    with pytest.raises(OperationalError):
        units.run(always)
    assert len(calls) == 3
