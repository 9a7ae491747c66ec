"""gigkit behind PgBouncer in transaction mode (issue 18): every per-transaction setting
(the RLS tenant, timeouts) is transaction-local and no feature needs session state, so
a pooled server connection passing from tenant A's transaction to tenant B's leaks
nothing. Two tenants write and read concurrently through a pool of 2 server connections;
each sees exactly its own rows, and a connection handed back holds no tenant."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from tests.conftest import Postgres, make_settings, unavailable
from tests.helpers import ApiClient, new_tenant, worker_body
from tests.pooler import PGBOUNCER, pgbouncer

pytestmark = pytest.mark.postgres
THREADS_PER_TENANT = 4
WRITES_PER_THREAD = 12


@pytest.fixture(scope="module")
def pooled(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Any:
    if PGBOUNCER is None:
        unavailable("PgBouncer", "apt-get install pgbouncer")
    with pgbouncer(postgres.app_url, users=[postgres.app_role]) as port:
        url = make_url(postgres.app_url).set(host="127.0.0.1", port=port)
        application = create_app(
            make_settings(
                url.render_as_string(hide_password=False),
                tmp_path_factory.mktemp("pooled"),
                database_pooler="transaction",
            )
        )
        yield application, url
        application.extensions["gigkit"].database.dispose()


def test_two_tenants_under_load_through_the_pooler_see_only_their_own_rows(
    pooled: Any,
) -> None:
    app, url = pooled
    tenants = [new_tenant(app, name="A"), new_tenant(app, name="B")]
    made: dict[str, set[str]] = {t.id: set() for t in tenants}
    failures: list[str] = []
    lock = threading.Lock()

    def work(handle: Any) -> None:
        api = ApiClient(app.test_client(), handle.api_key)
        try:
            for _ in range(WRITES_PER_THREAD):
                key = {"Idempotency-Key": str(uuid.uuid4())}
                resp = api.post("/v1/workers", json=worker_body(), headers=key)
                if resp.status_code != 201:
                    failures.append(f"create {resp.status_code} {resp.get_data(as_text=True)}")
                    return
                with lock:
                    made[handle.id].add(resp.get_json()["id"])
                seen = api.get("/v1/workers?limit=100")
                if seen.status_code != 200:
                    failures.append(f"list {seen.status_code} {seen.get_data(as_text=True)}")
                    return
                for row in seen.get_json()["data"]:
                    with lock:
                        theirs = any(row["id"] in ids for t, ids in made.items() if t != handle.id)
                    if theirs:
                        failures.append(f"{handle.id} saw {row['id']}")
        except Exception as exc:  # a thread's failure must fail the test
            failures.append(repr(exc))

    threads = [
        threading.Thread(target=work, args=(t,)) for t in tenants for _ in range(THREADS_PER_TENANT)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures[:5]
    for handle in tenants:
        listed = ApiClient(app.test_client(), handle.api_key).get("/v1/workers?limit=100")
        ids = {row["id"] for row in listed.get_json()["data"]}
        assert ids == made[handle.id]
        assert len(ids) == THREADS_PER_TENANT * WRITES_PER_THREAD

    # What a pooled server connection holds between transactions: no tenant. (The API's
    # answers above would not show a leak: the ORM filters by tenant too. This does: with
    # `set_config(..., false)` in `tenancy`, these connections see a tenant's rows.)
    engine = create_engine(url, poolclass=None)
    try:
        for _ in range(4):
            with engine.connect() as conn:
                tenant = conn.execute(text("SELECT current_setting('app.id', true)"))
                assert tenant.scalar() in (None, "")
                assert conn.execute(text("SELECT count(*) FROM workers")).scalar() == 0
    finally:
        engine.dispose()
