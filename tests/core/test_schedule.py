"""The scheduler: one registry of periodic tasks, run per tenant, on their periods, with a
lease so that several workers run each task about once per period, and `run_due` for a
clock that was moved."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.core import schedule
from app.core.jobs import UnitsOfWork
from app.core.tenancy import tenant_of
from app.core.time import FrozenClock, now
from tests.helpers import database, new_tenant


@pytest.fixture()
def declared() -> Iterator[dict[str, list[Any]]]:
    """Two test tasks, recording what they saw; removed afterwards."""
    seen: dict[str, list[Any]] = {"each": [], "outside": [], "fail": []}
    prefix = f"test.{secrets.token_hex(3)}"

    @schedule.periodic(f"{prefix}.each", every=60)
    def each(session: Session) -> int:
        seen["each"].append((tenant_of(session), now(session)))
        return 1

    @schedule.periodic(f"{prefix}.outside", every=3600, outside=True)
    def outside(units: UnitsOfWork) -> int:
        with units() as session:
            seen["outside"].append(tenant_of(session))
        return 2

    seen["names"] = [f"{prefix}.each", f"{prefix}.outside"]
    try:
        yield seen
    finally:
        for name in seen["names"]:
            schedule._TASKS.pop(name, None)


def test_a_name_is_declared_once() -> None:
    @schedule.periodic("test.once", every=1)
    def first(session: Session) -> int:
        return 0

    try:
        with pytest.raises(ValueError, match="declared twice"):

            @schedule.periodic("test.once", every=1)
            def second(session: Session) -> int:
                return 0
    finally:
        schedule._TASKS.pop("test.once", None)


def test_every_block_declares_its_tasks(app: Any) -> None:
    names = {task.name for task in schedule.tasks()}
    assert {
        "contracts.expire",
        "contracts.renderings",
        "escrow.deposits",
        "idempotency.purge",
        "payouts.reconcile",
        "signing_links.expired",
        "webhooks.relay",
        "webhooks.resume",
    } <= names
    settings = app.extensions["gigkit"].settings
    assert schedule.get("webhooks.relay").period(settings) == settings.webhook_tick_seconds
    with pytest.raises(KeyError, match="no periodic task"):
        schedule.get("nothing.here")


def test_a_per_tenant_task_runs_for_every_tenant_in_its_own_unit_of_work(
    app: Any, declared: dict[str, list[Any]]
) -> None:
    a, b = new_tenant(app), new_tenant(app)
    each, outside = (schedule.get(n) for n in declared["names"])
    done = schedule.run(database(app), each)
    tenants = [t for t, _ in declared["each"]]
    assert {a.id, b.id} <= set(tenants) and len(tenants) == len(set(tenants)) == done
    assert schedule.run(database(app), outside, tenant_id=a.id) == 2
    assert declared["outside"] == [a.id]


def test_one_tenant_failing_does_not_stop_the_others(app: Any) -> None:
    a, b = new_tenant(app), new_tenant(app)
    seen: list[str] = []

    @schedule.periodic("test.flaky", every=60)
    def flaky(session: Session) -> int:
        if tenant_of(session) == a.id:
            raise RuntimeError("this tenant's data is broken")
        seen.append(tenant_of(session))
        return 1

    try:
        schedule.run(database(app), schedule.get("test.flaky"))
        assert b.id in seen and a.id not in seen
        with pytest.raises(RuntimeError, match="broken"):  # asked for by name: the answer
            schedule.run(database(app), schedule.get("test.flaky"), tenant_id=a.id)
    finally:
        schedule._TASKS.pop("test.flaky", None)


def test_the_scheduler_runs_each_task_once_per_period(
    app: Any, declared: dict[str, list[Any]]
) -> None:
    new_tenant(app)
    scheduler = schedule.Scheduler(
        database(app), app.extensions["gigkit"].settings, names=tuple(declared["names"])
    )
    assert scheduler.run_pending(at=1000.0) == declared["names"]  # first turn: both due
    assert scheduler.run_pending(at=1010.0) == []  # 10 s later: neither
    assert scheduler.run_pending(at=1061.0) == [declared["names"][0]]  # the 60 s one
    assert scheduler.run_pending(at=1062.0) == []


@pytest.mark.redis
def test_two_workers_share_a_task_by_its_lease(
    pg_app: Any, declared: dict[str, list[Any]], redis_url: str
) -> None:
    from redis import Redis

    tenant = new_tenant(pg_app)
    redis = Redis.from_url(redis_url)
    prefix = f"test-{secrets.token_hex(4)}"
    settings = pg_app.extensions["gigkit"].settings
    workers = [
        schedule.Scheduler(
            database(pg_app), settings, redis=redis, prefix=prefix, names=(declared["names"][0],)
        )
        for _ in range(2)
    ]
    assert [w.run_pending() for w in workers] == [[declared["names"][0]], []]
    assert [t for t, _ in declared["each"]].count(tenant.id) == 1
    redis.delete(f"{schedule.LEASE_PREFIX}:{prefix}:{declared['names'][0]}")  # period over
    workers[1]._next.clear()
    assert workers[1].run_pending() == [declared["names"][0]]


def test_run_due_runs_what_fell_due_once_the_clock_got_there(
    app: Any, declared: dict[str, list[Any]]
) -> None:
    tenant = new_tenant(app)
    db = database(app)
    clock = FrozenClock(dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC))
    previous, db.clock = db.clock, clock
    try:
        later = clock.now() + dt.timedelta(days=2)
        with pytest.raises(ValueError, match="before"):
            schedule.run_due(db, tenant.id, until=later)
        assert declared["each"] == []
        clock.advance(days=2)
        ran = schedule.run_due(db, tenant.id, until=later)
        assert set(declared["names"]) <= set(ran) and "contracts.expire" in ran
        assert declared["each"] == [(tenant.id, later)]  # the task saw the moved clock
        assert declared["outside"] == [tenant.id]
    finally:
        db.clock = previous
