"""The outbox: events are written in the same transaction as the change, and listed."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.core import events
from app.core.events import Event
from app.parties import service
from tests.helpers import ApiClient, TenantHandle, worker_body


def test_creating_and_updating_a_worker_records_events(api: ApiClient) -> None:
    worker = api.post("/v1/workers", worker_body()).json
    api.patch(f"/v1/workers/{worker['id']}", {"name": "王芳", "skills": ["welding"]})
    listed = api.get("/v1/events").json["data"]
    assert [e["type"] for e in listed] == ["worker.updated", "worker.created"]
    created = api.get(f"/v1/events/{listed[1]['id']}").json
    assert created["data"]["object"]["id"] == worker["id"]
    assert created["data"]["object"]["id_card_masked"] == worker["id_card_masked"]
    assert listed[0]["data"]["changed_fields"] == ["name", "skills"]
    assert api.get("/v1/events?type=worker.updated").json["data"] == [listed[0]]


def test_no_event_survives_a_rolled_back_change(app: Any, tenant: TenantHandle) -> None:
    database = app.extensions["gigkit"].database
    with pytest.raises(RuntimeError), database.unit_of_work(tenant_id=tenant.id) as session:
        service.create_worker(
            session,
            actor=_actor(),
            name="x",
            mobile="13800000000",
            id_card_number="11010519491231002X",
            skills=[],
            payout_account=None,
            metadata={},
        )
        raise RuntimeError("crash after the write")
    with database.unit_of_work(tenant_id=tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0
        assert events.get(session, "evt_01m8gz25snks61v3wh3fvewxzv") is None


def test_event_request_id_matches_the_response(api: ApiClient) -> None:
    resp = api.post("/v1/employers", {"name": "E", "credit_code": "91350100M000100Y43"})
    event = api.get("/v1/events").json["data"][0]
    assert event["type"] == "employer.created"
    assert event["request_id"] == resp.headers["Request-Id"]


def test_events_need_the_webhooks_scope(client: Any, tenant: TenantHandle) -> None:
    reader = ApiClient(client, tenant.key(["parties:read"]))
    assert reader.get("/v1/events").status_code == 403


def _actor() -> Any:
    from app.core.auth import Actor

    return Actor("cli", None)


def test_events_since_a_time(api: ApiClient) -> None:
    first = api.post("/v1/workers", worker_body()).json
    api.post("/v1/workers", worker_body())
    events_ = api.get("/v1/events").json["data"]
    since = events_[0]["created_at"]
    newer = api.get("/v1/events", query_string={"created[gte]": since}).json["data"]
    assert [e["id"] for e in newer] == [events_[0]["id"]]
    assert first["id"] in str(api.get("/v1/events?created%5Bgte%5D=2000-01-01T00%3A00%3A00Z").json)
    assert api.get("/v1/events?created%5Bgte%5D=yesterday").status_code == 422
