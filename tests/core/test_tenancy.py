"""The ORM tenant filter (every database) and cross-tenant 404s over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.core import tenancy
from app.core.ids import new_id
from app.parties.models import Worker
from tests.helpers import ApiClient, TenantHandle, employer_body, worker_body


def _db(app: Any) -> Any:
    return app.extensions["gigkit"].database


def test_queries_see_only_the_bound_tenant(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine = api.post("/v1/workers", worker_body()).json
    ApiClient(client, other_tenant.api_key).post("/v1/workers", worker_body())
    with _db(app).unit_of_work(tenant_id=tenant.id) as session:
        assert [w.id for w in session.scalars(select(Worker))] == [mine["id"]]
        assert session.scalar(select(func.count()).select_from(Worker)) == 1
        # a bulk UPDATE is filtered too
        result = session.execute(update(Worker).values(name="renamed"))
        assert result.rowcount == 1


def test_a_cached_statement_is_not_reused_across_tenants(
    app: Any, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    for handle in (tenant, other_tenant):
        ApiClient(client, handle.api_key).post("/v1/workers", worker_body())
    stmt = select(Worker.tenant_id)
    for tenant_id in (tenant.id, other_tenant.id, tenant.id):
        with _db(app).unit_of_work(tenant_id=tenant_id) as session:
            assert set(session.scalars(stmt)) == {tenant_id}


def test_tenant_query_without_a_tenant_raises(app: Any) -> None:
    with pytest.raises(tenancy.TenantRequired), _db(app).unit_of_work() as session:
        session.scalars(select(Worker)).all()


def test_inserting_a_row_for_another_tenant_is_refused(
    app: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    with pytest.raises(tenancy.TenantMismatch), _db(app).unit_of_work(tenant_id=tenant.id) as s:
        s.add(
            Worker(
                id=new_id("wkr"),
                tenant_id=other_tenant.id,
                name="x",
                mobile="13800000000",
                id_card_ciphertext="x",
                id_card_hash="x",
                id_card_masked="x",
                skills=[],
                metadata_={},
            )
        )
        s.flush()


def test_a_session_never_changes_tenant(
    app: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    with pytest.raises(tenancy.TenantMismatch), _db(app).unit_of_work(tenant_id=tenant.id) as s:
        tenancy.bind_tenant(s, other_tenant.id)


def test_other_tenants_objects_are_404_like_missing_ones(
    api: ApiClient, client: Any, other_tenant: TenantHandle
) -> None:
    theirs = ApiClient(client, other_tenant.api_key)
    worker = theirs.post("/v1/workers", worker_body()).json
    employer = theirs.post("/v1/employers", employer_body()).json
    event = theirs.get("/v1/events").json["data"][0]
    missing = api.get("/v1/workers/wkr_01m8gz25snks61v3wh3fvewxzv")
    for path in (
        f"/v1/workers/{worker['id']}",
        f"/v1/employers/{employer['id']}",
        f"/v1/events/{event['id']}",
    ):
        resp = api.get(path)
        assert resp.status_code == 404
        assert resp.json["code"] == missing.json["code"] == "resource_missing"
    assert api.patch(f"/v1/workers/{worker['id']}", {"name": "x"}).status_code == 404
    assert api.patch(f"/v1/employers/{employer['id']}", {"name": "x"}).status_code == 404
    assert theirs.get(f"/v1/workers/{worker['id']}").json["name"] == worker["name"]
    for path in ("/v1/workers", "/v1/employers", "/v1/events"):
        assert api.get(path).json["data"] == []


def test_tenant_id_in_a_body_is_refused_not_obeyed(
    api: ApiClient, other_tenant: TenantHandle
) -> None:
    resp = api.post("/v1/employers", employer_body(tenant_id=other_tenant.id))
    assert resp.status_code == 422
    worker = api.post("/v1/workers", worker_body()).json
    resp = api.patch(f"/v1/workers/{worker['id']}", {"tenant_id": other_tenant.id})
    assert resp.status_code == 422


def test_count_without_a_tenant_raises_too(app: Any) -> None:
    with pytest.raises(tenancy.TenantRequired), _db(app).unit_of_work() as session:
        session.scalar(select(func.count()).select_from(Worker))
