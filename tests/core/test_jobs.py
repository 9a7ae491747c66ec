"""Background jobs: sent only after commit; inline without Redis, RQ with Redis (real server)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app import create_app
from app.core import jobs
from tests.conftest import make_settings
from tests.helpers import ApiClient, new_tenant

CALLS: list[dict[str, Any]] = []


def record_call(session: Session, **kwargs: Any) -> None:
    """A job: remembers it ran, with which tenant bound."""
    CALLS.append({"tenant_id": session.info.get("tenant_id"), **kwargs})


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    monkeypatch.setattr(jobs, "ALLOWED_PACKAGES", {"app", "tests"})


def test_inline_job_runs_after_commit_with_its_tenant(app: Any, tenant: Any) -> None:
    database = app.extensions["gigkit"].database
    if app.extensions["gigkit"].jobs.queue is not None:
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


@pytest.fixture()
def rq_app(postgres: Any, redis_url: str, tmp_path: Any) -> Iterator[Any]:
    queue = f"gigkit-test-{secrets.token_hex(4)}"
    app = create_app(
        make_settings(postgres.app_url, tmp_path, redis_url=redis_url, queue_name=queue)
    )
    jobs.configure(app.extensions["gigkit"].jobs)
    yield app
    app.extensions["gigkit"].jobs.queue.empty()
    app.extensions["gigkit"].database.dispose()


@pytest.mark.redis
def test_rq_job_is_queued_after_commit_and_run_by_a_worker(rq_app: Any) -> None:
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    with pytest.raises(RuntimeError), state.database.unit_of_work(tenant_id=tenant.id) as s:
        jobs.enqueue(s, record_call, n=4)
        raise RuntimeError("rolled back")
    assert state.jobs.queue.count == 0
    with state.database.unit_of_work(tenant_id=tenant.id) as session:
        jobs.enqueue(session, record_call, n=5)
        assert state.jobs.queue.count == 0
    assert state.jobs.queue.count == 1
    job = state.jobs.queue.jobs[0]
    assert job.retries_left == 5
    SimpleWorker([state.jobs.queue], connection=state.jobs.queue.connection).work(burst=True)
    assert [{"tenant_id": tenant.id, "n": 5}] == CALLS
    assert state.jobs.queue.count == 0


@pytest.mark.redis
def test_api_key_last_used_is_written_by_the_worker(rq_app: Any) -> None:
    from rq import SimpleWorker

    state = rq_app.extensions["gigkit"]
    tenant = new_tenant(rq_app)
    api = ApiClient(rq_app.test_client(), tenant.api_key)
    keys = api.get("/v1/api-keys").json["data"]
    assert keys[0]["last_used_at"] is None
    assert state.jobs.queue.count == 1  # the GET above queued the touch job
    SimpleWorker([state.jobs.queue], connection=state.jobs.queue.connection).work(burst=True)
    keys = api.get("/v1/api-keys").json["data"]
    assert keys[0]["last_used_at"] is not None
    # within a minute, further requests do not queue more writes
    state.jobs.queue.empty()
    api.get("/v1/workers")
    assert state.jobs.queue.count == 0
