"""Time stamps come from the unit of work's clock: on insert, on a changed object's flush and
in an ORM `update()` statement; a stamp the code sets itself is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update

from app.core.time import FrozenClock
from app.parties.models import Worker
from app.webhooks.models import WebhookEndpoint
from tests.helpers import ApiClient, TenantHandle, database, post_created, worker_body


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def row(tenant: TenantHandle, worker_id: str) -> Worker:
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        return session.scalars(select(Worker).where(Worker.id == worker_id)).one()


def test_created_and_updated_at_are_the_clocks_time(
    api: ApiClient, tenant: TenantHandle, clock: FrozenClock
) -> None:
    t0 = clock.now()
    made = post_created(api, "/v1/workers", worker_body())
    assert at(made["created_at"]) == at(made["updated_at"]) == t0

    clock.advance(hours=3)
    changed = api.patch(f"/v1/workers/{made['id']}", {"name": "王芳"}).json
    assert at(changed["created_at"]) == t0
    assert at(changed["updated_at"]) == t0 + dt.timedelta(hours=3)

    clock.advance(hours=1)
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        worker = session.scalars(select(Worker).where(Worker.id == made["id"])).one()
        worker.name = worker.name  # no net change: no UPDATE, no new stamp
    assert row(tenant, made["id"]).updated_at == t0 + dt.timedelta(hours=3)


def test_an_update_statement_is_stamped_unless_it_sets_the_stamp(
    api: ApiClient, tenant: TenantHandle, clock: FrozenClock
) -> None:
    made = post_created(api, "/v1/workers", worker_body())
    uow = database(tenant.app).unit_of_work
    clock.advance(minutes=10)
    with uow(tenant_id=tenant.id) as session:  # an ORM update() statement
        session.execute(update(Worker).where(Worker.id == made["id"]).values(name="李强"))
    assert row(tenant, made["id"]).updated_at == clock.now()

    clock.advance(minutes=10)
    with uow(tenant_id=tenant.id) as session:  # the same on the bare table
        table: Any = Worker.__table__
        session.execute(update(table).where(table.c.id == made["id"]).values(name="赵磊"))
    assert row(tenant, made["id"]).updated_at == clock.now()

    chosen = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    clock.advance(minutes=10)
    with uow(tenant_id=tenant.id) as session:  # the statement's own value wins
        session.execute(
            update(Worker).where(Worker.id == made["id"]).values(name="周杰", updated_at=chosen)
        )
    assert row(tenant, made["id"]).updated_at == chosen

    chosen += dt.timedelta(days=1)
    with uow(tenant_id=tenant.id) as session:  # and so does an object's
        worker = session.scalars(select(Worker).where(Worker.id == made["id"])).one()
        worker.mobile, worker.updated_at = "13900139000", chosen
    stored = row(tenant, made["id"])
    assert (stored.mobile, stored.updated_at) == ("13900139000", chosen)
    assert stored.created_at == at(made["created_at"])


def test_insert_only_stamps_are_left_alone_by_updates(
    api: ApiClient, tenant: TenantHandle, clock: FrozenClock
) -> None:
    """A webhook endpoint's `updated_at` moves when its settings change (the service says
    so), not on every lease its deliveries take."""
    endpoint = post_created(
        api, "/v1/webhook-endpoints", {"url": "https://example.com/hook", "event_types": ["*"]}
    )
    clock.advance(minutes=1)
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        found = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint["id"])
        ).one()
        found.busy_token, found.busy_until = "job", clock.now()
    shown = api.get(f"/v1/webhook-endpoints/{endpoint['id']}").json
    assert shown["updated_at"] == endpoint["updated_at"]
    clock.advance(minutes=1)
    changed = api.patch(f"/v1/webhook-endpoints/{endpoint['id']}", {"description": "x"}).json
    assert at(changed["updated_at"]) == clock.now()
