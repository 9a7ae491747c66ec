"""`/metrics` (core.metrics): requests per operation and status, domain events, settlement
and webhook lag, database connections, job queues; the optional bearer token; `/readyz`'s
queue limit; and several gunicorn processes answering for each other (multiprocess mode).

Counters are per process and other tests move them too, so every check is a difference
measured around what the test does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from tests.conftest import make_settings
from tests.helpers import ApiClient, TenantHandle, worker_body
from tests.live import copy_database, http, running_server, server_env
from tests.money.conftest import Money, make_money
from tests.money.test_payouts import fund
from tests.webhooks.conftest import Receiver, deliveries, make_endpoint

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
ROOT = Path(__file__).resolve().parents[1]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client: Any) -> Samples:
    resp = client.get("/metrics")
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    return parse(resp.get_data(as_text=True))


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def grew(client: Any, action: Callable[[], Any]) -> Callable[..., float]:
    """Run `action`; a function giving how much a sample grew meanwhile."""
    before = scrape(client)
    action()
    after = scrape(client)
    return lambda name, **labels: value(after, name, **labels) - value(before, name, **labels)


def endpoint_of(app: Any, rule: str) -> str:
    return next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)


def test_requests_are_counted_per_operation_method_and_status(
    app: Any, client: Any, api: ApiClient
) -> None:
    def calls() -> None:
        for _ in range(3):
            assert api.get("/v1/workers").status_code == 200
        assert api.get("/v1/workers?limit=0").status_code == 422
        assert client.get("/v1/no-such-thing").status_code == 404
        assert client.open("/v1/workers", method="FOO1").status_code == 405
        assert client.open("/nope", method="X" * 5000).status_code == 404

    delta = grew(client, calls)
    workers = endpoint_of(app, "/v1/workers")
    requests = "gigkit_http_requests_total"
    assert delta(requests, operation=workers, method="GET", status="200") == 3
    assert delta(requests, operation=workers, method="GET", status="422") == 1
    assert delta(requests, operation="unmatched", method="GET", status="404") == 1
    assert delta(requests, operation="unmatched", method="other", status="405") == 1
    assert delta(requests, operation="unmatched", method="other", status="404") == 1
    assert not any("FOO1" in dict(labels).get("method", "") for _, labels in scrape(client))
    assert delta("gigkit_http_request_duration_seconds_count", operation=workers) == 4
    after = scrape(client)
    assert ("gigkit_db_connections_in_use", frozenset()) in after


@pytest.fixture()
def money(api: ApiClient, tenant: TenantHandle) -> Money:
    return make_money(api, tenant)


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def test_events_and_settlement_lag_are_counted_once_committed(client: Any, money: Money) -> None:
    fund(money, 5_000)
    delta = grew(client, lambda: money.payout(1_000))
    assert delta("gigkit_events_total", type="payout.paid") == 1
    assert delta("gigkit_events_total", type="payout.created") == 1
    assert delta("gigkit_settlement_lag_seconds_count") == 1
    # refused: nothing committed, nothing counted
    delta = grew(client, lambda: money.payout(10**9))
    assert delta("gigkit_events_total", type="payout.created") == 0


def test_webhook_attempts_and_lag(client: Any, api: ApiClient, receiver: Receiver) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["worker.*"])

    def deliver_one() -> None:
        assert api.post("/v1/workers", worker_body()).status_code == 201
        deadline = time.monotonic() + 20
        while not any(d["status"] == "succeeded" for d in deliveries(api, endpoint["id"])):
            assert time.monotonic() < deadline, "not delivered"
            time.sleep(0.05)
        time.sleep(0.2)  # the attempt's own commit, after the receiver answered

    delta = grew(client, deliver_one)
    assert delta("gigkit_webhook_attempts_total", outcome="succeeded") >= 1
    assert delta("gigkit_webhook_delivery_lag_seconds_count") >= 1


def test_a_metrics_token_keeps_the_numbers_to_its_bearer(
    sqlite_url: str, tmp_path: Path, tenant: TenantHandle
) -> None:
    app = create_app(make_settings(sqlite_url, tmp_path, metrics_token="s3cret-token"))
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    odd = {"Authorization": "Bearer Ünïcode"}
    assert client.get("/metrics", headers=odd).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and b"gigkit_http_requests_total" in ok.data


@pytest.mark.postgres
def test_job_queues_are_read_at_scrape_time_and_readyz_refuses_a_backlog(
    sqlite_url: str, tmp_path: Path, redis_url: str
) -> None:
    app = create_app(
        make_settings(
            sqlite_url, tmp_path, redis_url=redis_url, queue_name=f"gk-metrics-{time.time_ns()}"
        )
    )
    runner = app.extensions["gigkit"].jobs
    client = app.test_client()
    assert client.get("/readyz").json["queues"] == "ok"
    queue = runner.queues["money"]
    try:
        for n in range(3):
            queue.enqueue("builtins.print", n)
        samples = scrape(client)
        assert value(samples, "gigkit_jobs", queue="money", state="queued") == 3
        assert value(samples, "gigkit_jobs", queue="webhooks", state="running") == 0
        app.extensions["gigkit"].use_settings(
            app.extensions["gigkit"].settings.with_overrides(ready_max_queued=2)
        )
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "queues behind" in ready.json["detail"]
    finally:
        queue.empty()


@pytest.mark.slow
def test_gunicorn_processes_answer_for_each_other(tmp_path: Path, sqlite_template: Path) -> None:
    """deploy/gunicorn.conf.py (multiprocess mode): 30 requests served by several worker
    processes (each replaced after 12 requests, so more than one serves, whatever the
    kernel's choice of acceptor); whichever answers /metrics counts all 30."""
    copy_database(sqlite_template, tmp_path)
    env = server_env(tmp_path)
    directory = tmp_path / "metrics"
    env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    options = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers", "2"]
    options += ["--max-requests", "12", "--max-requests-jitter", "0"]
    with running_server(env, gunicorn=options) as server:
        before = _health_count(server.base)
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: http("GET", server.base + "/healthz")[0], range(30)))
        assert statuses == [200] * 30
        writers = {p.name for p in directory.glob("counter_*.db")}
        assert len(writers) >= 3, writers  # 30 requests, 12 per process
        for _ in range(4):  # whichever worker answers
            assert _health_count(server.base) - before == 30


def _health_count(base: str) -> float:
    status, _, body = http("GET", base + "/metrics")
    assert status == 200
    text = body.decode() if isinstance(body, bytes) else str(body)
    labels = {"operation": "system.Health", "method": "GET", "status": "200"}
    return value(parse(text), "gigkit_http_requests_total", **labels)


def test_a_worker_serves_its_own_metrics_on_its_address(client: Any) -> None:
    """`gigkit worker --metrics HOST:PORT` (`metrics.serve`): what the process counts (here a
    webhook attempt) and the job counts, at http://HOST:PORT/metrics; behind the metrics
    token when there is one; an address already taken is an OSError (the CLI says so)."""
    import socket

    from app.core import metrics

    def get(port: int, path: str = "/metrics", **headers: str) -> tuple[int, str]:
        status, _, body = http("GET", f"http://127.0.0.1:{port}{path}", headers=headers)
        return status, body.decode() if isinstance(body, bytes) else str(body)

    runner = client.application.extensions["gigkit"].jobs
    server = metrics.serve("127.0.0.1:0", runner, token="s3cret")
    try:
        port = server.server_address[1]
        assert get(port)[0] == 401
        assert get(port, Authorization="Bearer other")[0] == 401
        assert get(port, "/elsewhere", Authorization="Bearer s3cret")[0] == 404
        status, text = get(port, Authorization="Bearer s3cret")
        assert status == 200
        before = value(parse(text), "gigkit_webhook_attempts_total", outcome="succeeded")
        metrics.WEBHOOK_ATTEMPTS.labels("succeeded").inc()
        after = parse(get(port, Authorization="Bearer s3cret")[1])
        assert value(after, "gigkit_webhook_attempts_total", outcome="succeeded") == before + 1
        with pytest.raises(OSError):
            metrics.serve(f"127.0.0.1:{port}", runner)
    finally:
        server.shutdown()
        server.server_close()
    with socket.socket(socket.AF_INET6) as probe:  # IPv6, bracketed as in a URL
        probe.bind(("::1", 0))
        free = probe.getsockname()[1]
    server = metrics.serve(f"[::1]:{free}", runner)
    try:
        status, _, _ = http("GET", f"http://[::1]:{free}/metrics")
        assert status == 200
    finally:
        server.shutdown()
        server.server_close()
