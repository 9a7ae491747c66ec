"""The generated SDK and its companion, driving a real server on a loopback port."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from gigkit_client.api.parties import create_worker, get_worker, list_workers
from gigkit_client.api.tenants import get_tenant
from gigkit_client.models import Worker, WorkerCreate, WorkerPage
from gigkit_sdk import (
    APIConnectionError,
    ApiError,
    AsyncGigkit,
    Gigkit,
    GigkitError,
    RetryTransport,
)

from tests.helpers import id_card_number, mobile
from tests.live import Server, TenantPool, copy_database, free_port, running_server, server_env


class Recorder(httpx.BaseTransport):
    """The real transport, remembering what went over the wire."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.sent: list[tuple[str, str, dict[str, str], int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.sent.append(
            (request.method, request.url.path, dict(request.headers), response.status_code)
        )
        return response


def _new_worker(**overrides: Any) -> WorkerCreate:
    fields = {"name": "陈伟", "mobile": mobile(), "id_card_number": id_card_number()}
    return WorkerCreate(**{**fields, **overrides})


def test_create_get_and_errors_with_an_api_key(live: dict[str, Any]) -> None:
    recorder = Recorder()
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"], transport=recorder) as gk:
        worker = gk.call(create_worker, body=_new_worker(skills=["sewing"]))
        assert isinstance(worker, Worker) and worker.id.startswith("wkr_")
        assert gk.call(get_worker, worker_id=worker.id).skills == ["sewing"]
        method, path, headers, status = recorder.sent[0]
        assert (method, path, status) == ("POST", "/v1/workers", 201)
        uuid.UUID(headers["idempotency-key"])  # added automatically
        with pytest.raises(ApiError) as missing:
            gk.call(get_worker, worker_id="wkr_" + "0" * 26)
        assert missing.value.status == 404 and missing.value.code == "resource_missing"
        assert missing.value.request_id.startswith("req_")
        with pytest.raises(ApiError) as invalid:
            gk.call(create_worker, body=_new_worker(mobile="12000000000"))
        assert invalid.value.status == 422
        assert invalid.value.errors[0]["field"] == "mobile"


def test_the_same_idempotency_key_replays(live: dict[str, Any]) -> None:
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as gk:
        body, key = _new_worker(), str(uuid.uuid4())
        first = create_worker.sync_detailed(client=gk.client, body=body, idempotency_key=key)
        again = create_worker.sync_detailed(client=gk.client, body=body, idempotency_key=key)
        assert first.status_code == again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.parsed.id == first.parsed.id


def test_paginate_walks_every_page(live: dict[str, Any]) -> None:
    with Gigkit(live["server"].base, api_key=live["tenant"]["api_key"]) as gk:
        name = f"page-{uuid.uuid4().hex[:8]}"
        made = [gk.call(create_worker, body=_new_worker(name=name)).id for _ in range(5)]
        seen = [w.id for w in gk.paginate(list_workers, limit=2, name=name)]
        assert seen == list(reversed(made))
        first = gk.call(list_workers, limit=2, name=name)
        assert isinstance(first, WorkerPage) and first.has_more


def test_oauth_client_credentials_token_is_reused_and_renewed(live: dict[str, Any]) -> None:
    base, client = live["server"].base, live["client"]
    with Gigkit(base, client_id=client["client_id"], client_secret=client["client_secret"]) as gk:
        for _ in range(3):
            gk.call(list_workers, limit=1)
        assert gk.auth.tokens_issued == 1
        gk.auth.expires_at = 0  # as if the hour had passed
        gk.call(list_workers, limit=1)
        assert gk.auth.tokens_issued == 2
        # revoked behind its back: the API says token_revoked, the SDK gets a new token once
        revoke = httpx.post(
            base + "/oauth/revoke",
            data={"token": gk.auth.token},
            auth=(client["client_id"], client["client_secret"]),
        )
        assert revoke.status_code == 200
        gk.call(list_workers, limit=1)
        assert gk.auth.tokens_issued == 3
        with pytest.raises(ApiError) as forbidden:
            gk.call(get_tenant)  # the client has no admin scope
        assert forbidden.value.code == "insufficient_scope"


def test_rate_limited_calls_are_retried_after_retry_after(
    tmp_path: Path, sqlite_template: Path
) -> None:
    copy_database(sqlite_template, tmp_path)
    env = server_env(tmp_path, GIGKIT_RATE_LIMIT_TEST="4/second")
    tenants = TenantPool(env, client_scopes="parties:read", batch=1)
    tenants.start()  # while the server starts
    with running_server(env) as server:
        key = tenants.take()["tenant"]["api_key"]
        with _sdk(server, key) as (gk, recorder):
            for _ in range(10):
                gk.call(list_workers, limit=1)
    statuses = [sent[3] for sent in recorder.sent]
    assert statuses.count(200) == 10
    assert 429 in statuses  # the budget ran out, and the SDK waited and retried


class _sdk:
    def __init__(self, server: Server, key: str) -> None:
        self.recorder = Recorder()
        self.gk = Gigkit(server.base, api_key=key, transport=self.recorder, backoff=0.05)

    def __enter__(self) -> tuple[Gigkit, Recorder]:
        return self.gk, self.recorder

    def __exit__(self, *exc: object) -> None:
        self.gk.close()


# --- the retry policy, with injected failures ------------------------------------------------


def _scripted(*steps: Any) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering each request with the next step (a response or an exception)."""
    seen: list[httpx.Request] = []
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = queue.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    return httpx.MockTransport(handler), seen


def test_transient_failures_are_retried_with_one_idempotency_key() -> None:
    delays: list[float] = []
    in_flight = httpx.Response(409, json={"code": "idempotency_key_in_use"})
    transport, seen = _scripted(
        httpx.ConnectError("refused"),
        httpx.Response(503, json={"code": "service_unavailable"}),
        httpx.Response(429, headers={"Retry-After": "2"}, json={"code": "rate_limited"}),
        in_flight,
        httpx.Response(201, json={"ok": True}),
    )
    retry = RetryTransport(transport, max_retries=4, backoff=0.1, sleep=delays.append)
    with httpx.Client(transport=retry, base_url="http://api") as client:
        response = client.post("/v1/workers", json={"name": "x"})
    assert response.status_code == 201
    keys = {r.headers["Idempotency-Key"] for r in seen}
    assert len(seen) == 5 and len(keys) == 1
    assert delays[2] >= 2  # Retry-After honoured
    assert 0.05 <= delays[0] <= 0.15 and 0.1 <= delays[1] <= 0.3  # 0.1 * 2^n, ±50 %


def test_backoff_is_jittered() -> None:
    """Clients that failed together must not retry together."""
    firsts = []
    for _ in range(20):
        delays: list[float] = []
        transport, _seen = _scripted(httpx.Response(503), httpx.Response(200))
        retry = RetryTransport(transport, backoff=0.1, sleep=delays.append)
        with httpx.Client(transport=retry, base_url="http://api") as client:
            client.get("/v1/workers")
        firsts.append(delays[0])
    assert len(set(firsts)) > 10
    assert all(0.05 <= d <= 0.15 for d in firsts)


def test_other_errors_are_not_retried_and_attempts_are_bounded() -> None:
    for status, body in ((409, {"code": "worker_exists"}), (422, {"code": "validation_error"})):
        transport, seen = _scripted(httpx.Response(status, json=body))
        retry = RetryTransport(transport, sleep=lambda _d: None)
        with httpx.Client(transport=retry, base_url="http://api") as client:
            assert client.post("/v1/workers", json={}).status_code == status
        assert len(seen) == 1
    transport, seen = _scripted(*[httpx.Response(503)] * 3)
    retry = RetryTransport(transport, max_retries=2, sleep=lambda _d: None)
    with httpx.Client(transport=retry, base_url="http://api") as client:
        assert client.get("/v1/workers").status_code == 503
    assert len(seen) == 3
    transport, seen = _scripted(*[httpx.ConnectError("down")] * 3)
    retry = RetryTransport(transport, max_retries=2, sleep=lambda _d: None)
    with (
        httpx.Client(transport=retry, base_url="http://api") as client,
        pytest.raises(APIConnectionError) as unanswered,
    ):
        client.post("/v1/escrow/deposits", json={})
    assert len(seen) == 3
    # a GigkitError like any other, naming the key to send again with
    assert isinstance(unanswered.value, GigkitError) and unanswered.value.status == 0
    assert unanswered.value.code == "connection_error" and "down" in unanswered.value.detail
    assert unanswered.value.idempotency_key == seen[0].headers["Idempotency-Key"]


def test_a_dead_server_is_an_api_connection_error_sync_and_async() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    gk = Gigkit(url, api_key="gk_test_x", max_retries=1, backoff=0.01)
    with pytest.raises(APIConnectionError):
        gk.workers.get("wkr_1")

    async def main() -> None:
        async with AsyncGigkit(url, api_key="gk_test_x", max_retries=1, backoff=0.01) as agk:
            with pytest.raises(APIConnectionError):
                await agk.workers.get("wkr_1")

    asyncio.run(main())


@pytest.mark.parametrize("key", ["键", "a\nb", "", "x" * 256, 7])
def test_a_key_the_api_would_refuse_is_refused_before_sending(key: Any) -> None:
    transport, seen = _scripted()
    gk = Gigkit("http://api", api_key="gk_test_x", transport=transport)
    with pytest.raises(ValueError, match="idempotency_key"):
        gk.escrow.create_deposit(
            employer_id="emp_1", amount=100, currency="CNY", idempotency_key=key
        )
    assert seen == []


def test_a_key_you_send_is_kept_and_gets_need_none() -> None:
    transport, seen = _scripted(httpx.Response(200, json={}), httpx.Response(200, json={}))
    with httpx.Client(transport=RetryTransport(transport), base_url="http://api") as client:
        client.post("/v1/workers", json={}, headers={"Idempotency-Key": "mine"})
        client.get("/v1/workers")
    assert seen[0].headers["Idempotency-Key"] == "mine"
    assert "Idempotency-Key" not in seen[1].headers
