"""A Redis outage with real `gigkit worker` processes: Redis is killed (losing every queued
job) while events are being written, then started again, empty. Every event still reaches
the endpoint: the outbox and the deliveries live in PostgreSQL, and the workers' ticker
relays and resends what the queue lost. The receiver counts distinct `webhook-id`s."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from app import create_app
from app.core import jobs
from tests.conftest import Postgres, make_settings
from tests.helpers import ApiClient, new_tenant, post_created, worker_body
from tests.webhooks.conftest import Receiver, make_endpoint
from tests.workers import RedisServer, kill, start_worker, wait_for, worker_env

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
EVENTS_PER_PHASE = 15


@pytest.fixture()
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def outage_app(postgres: Postgres, redis_server: RedisServer, tmp_path: Path) -> Iterator[Any]:
    settings = make_settings(
        postgres.app_url,
        tmp_path,
        redis_url=redis_server.url,
        queue_name=f"gigkit-outage-{secrets.token_hex(4)}",
        webhook_tick_seconds=0.5,
        webhook_overdue_seconds=2.0,
    )
    app = create_app(settings)
    previous = jobs._runner
    jobs.configure(app.extensions["gigkit"].jobs)
    yield app
    jobs._runner = previous
    app.extensions["gigkit"].database.dispose()


def test_every_event_is_delivered_once_redis_is_back(
    outage_app: Any, redis_server: RedisServer, receiver: Receiver, tmp_path: Path
) -> None:
    tenant = new_tenant(outage_app)
    api = ApiClient(outage_app.test_client(), tenant.api_key)
    endpoint = make_endpoint(api, receiver.url(), ["worker.created"])
    log = tmp_path / "workers.log"
    env = worker_env(outage_app.extensions["gigkit"].settings)
    workers = [start_worker(env, log) for _ in range(2)]
    try:
        written = [post_created(api, "/v1/workers", worker_body())["id"]]
        wait_for(lambda: receiver.at("/hook"), "the workers deliver", log)

        for _ in range(EVENTS_PER_PHASE):
            written.append(post_created(api, "/v1/workers", worker_body())["id"])
        redis_server.stop()  # mid-stream: queued jobs are lost with it
        for _ in range(EVENTS_PER_PHASE):  # the API keeps working without Redis
            written.append(post_created(api, "/v1/workers", worker_body())["id"])
        redis_server.start()  # back, and empty
        for _ in range(EVENTS_PER_PHASE):
            written.append(post_created(api, "/v1/workers", worker_body())["id"])

        events = {
            e["data"]["object"]["id"]: e["id"]
            for e in api.get("/v1/events?type=worker.created&limit=100").json["data"]
        }
        expected = {events[worker_id] for worker_id in written}
        assert len(expected) == 1 + 3 * EVENTS_PER_PHASE

        def delivered() -> set[str]:
            return {r.headers["webhook-id"] for r in receiver.at("/hook")}

        wait_for(lambda: delivered() >= expected, "every event is delivered", log, timeout=90)
    finally:
        for worker in workers:
            kill(worker)
    assert delivered() == expected  # no gaps, nothing else
    for received in receiver.at("/hook"):
        Webhook(endpoint["secret"]).verify(received.body, received.headers)
    shown = api.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries?limit=100").json["data"]
    assert len(shown) == len(expected) and {d["status"] for d in shown} == {"succeeded"}
