"""Concurrent duplicate registrations on PostgreSQL: one wins, the rest get 409 + its id."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.helpers import ApiClient, TenantHandle, credit_code, new_tenant, worker_body

pytestmark = pytest.mark.postgres


def _race(app: Any, tenant: TenantHandle, path: str, body: dict[str, Any], n: int = 8) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def call(i: int) -> None:
        api = ApiClient(app.test_client(), tenant.api_key)
        barrier.wait()
        results[i] = api.post(path, body)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.parametrize("path", ["/v1/workers", "/v1/employers"])
def test_one_registration_wins(pg_app: Any, path: str) -> None:
    app, tenant = pg_app, new_tenant(pg_app)
    body = worker_body() if path == "/v1/workers" else {"name": "E", "credit_code": credit_code()}
    results = _race(app, tenant, path, body)
    created = [r for r in results if r.status_code == 201]
    conflicts = [r for r in results if r.status_code == 409]
    assert len(created) == 1, [r.status_code for r in results]
    assert len(conflicts) == len(results) - 1
    assert {r.json["existing_id"] for r in conflicts} == {created[0].json["id"]}
    listed = ApiClient(app.test_client(), tenant.api_key).get(path).json["data"]
    assert len(listed) == 1
