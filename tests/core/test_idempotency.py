"""Idempotency-Key on POST (R-IDEM-1...10)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from app.core import idempotency
from app.core.time import FrozenClock
from app.parties import service
from tests.helpers import ApiClient, TenantHandle, worker_body


def _post(api: ApiClient, body: dict[str, Any], key: str | None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.post("/v1/workers", body, headers=headers)


def _count(api: ApiClient) -> int:
    return len(api.get("/v1/workers?limit=100").json["data"])


def test_retry_with_same_key_replays_without_a_second_effect(api: ApiClient) -> None:
    body = worker_body()
    first = _post(api, body, "k-1")
    second = _post(api, {**body}, "k-1")
    assert first.status_code == second.status_code == 201
    assert second.get_data() == first.get_data()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _count(api) == 1
    events = api.get("/v1/events?type=worker.created").json["data"]
    assert len(events) == 1


def test_key_order_and_whitespace_do_not_change_the_fingerprint(api: ApiClient) -> None:
    body = worker_body()
    first = _post(api, body, "k-order")
    reordered = api.post(
        "/v1/workers",
        data=__import__("json").dumps(dict(reversed(list(body.items()))), indent=4),
        headers={"Idempotency-Key": "k-order", "Content-Type": "application/json"},
    )
    assert reordered.status_code == 201
    assert reordered.get_data() == first.get_data()


def test_same_key_other_body_is_422_and_changes_nothing(api: ApiClient) -> None:
    _post(api, worker_body(), "k-2")
    resp = _post(api, worker_body(), "k-2")
    assert resp.status_code == 422
    assert resp.json["code"] == "idempotency_error"
    assert _count(api) == 1


def test_same_key_on_another_endpoint_is_422(api: ApiClient) -> None:
    _post(api, worker_body(), "k-shared")
    resp = api.post(
        "/v1/employers",
        {"name": "x", "credit_code": "91350100M000100Y43"},
        headers={"Idempotency-Key": "k-shared"},
    )
    assert resp.status_code == 422
    assert resp.json["code"] == "idempotency_error"


def test_quoted_and_bare_key_are_the_same_key(api: ApiClient) -> None:
    body = worker_body()
    first = _post(api, body, "abc")
    second = _post(api, body, '"abc"')
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.get_data() == first.get_data()


@pytest.mark.parametrize("key", ["", "x" * 256, "é", "tab\there", '"unterminated'])
def test_malformed_keys_are_400(api: ApiClient, key: str) -> None:
    if key == '"unterminated':  # a lone quote is just a character: accepted as a bare key
        assert _post(api, worker_body(), key).status_code == 201
        return
    resp = api.post(
        "/v1/workers",
        worker_body(),
        headers={"Idempotency-Key": key.encode("utf-8").decode("latin-1")},
    )
    assert resp.status_code == 400
    assert resp.json["code"] == "invalid_idempotency_key"
    assert _count(api) == 0


def test_255_character_key_is_accepted(api: ApiClient) -> None:
    assert _post(api, worker_body(), "k" * 255).status_code == 201


def test_rejected_request_stores_nothing_so_the_key_stays_usable(api: ApiClient) -> None:
    bad = _post(api, worker_body(mobile="12"), "k-3")
    assert bad.status_code == 422
    good = _post(api, worker_body(), "k-3")
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good.headers


def test_domain_error_is_not_stored_and_retry_runs_again(api: ApiClient) -> None:
    body = worker_body()
    existing = _post(api, body, None).json
    conflict = _post(api, body, "k-4")
    assert conflict.status_code == 409
    retry = _post(api, body, "k-4")
    assert retry.status_code == 409
    assert retry.json["existing_id"] == existing["id"]
    assert "Idempotent-Replayed" not in retry.headers


def test_keys_are_scoped_per_tenant_and_credential(
    api: ApiClient, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine = _post(api, worker_body(), "shared-key")
    other = _post(ApiClient(client, other_tenant.api_key), worker_body(), "shared-key")
    assert mine.status_code == other.status_code == 201
    assert other.json["id"] != mine.json["id"]
    second_key = ApiClient(client, tenant.key(["parties:write"]))
    again = _post(second_key, worker_body(), "shared-key")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers


def test_get_ignores_the_header(api: ApiClient) -> None:
    resp = api.get("/v1/workers", headers={"Idempotency-Key": "x" * 400})
    assert resp.status_code == 200


def test_expired_record_is_replaced(
    app: Any, api: ApiClient, tenant: TenantHandle, clock: FrozenClock
) -> None:
    ttl = dt.timedelta(hours=app.extensions["gigkit"].settings.idempotency_ttl_hours)
    body = worker_body()
    first = _post(api, body, "k-old")
    clock.advance(ttl - dt.timedelta(seconds=1))  # the one clock: a second before it expires
    assert _post(api, body, "k-old").json["id"] == first.json["id"]  # replayed
    clock.advance(seconds=1)
    again = _post(api, worker_body(), "k-old")
    assert again.status_code == 201
    assert again.json["id"] != first.json["id"]
    with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        assert idempotency.purge_expired(session) == 0  # the old record was replaced


def test_concurrent_duplicate_gets_409_while_in_flight(
    backend: str, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    """Two requests with one key at the same time: one effect. On PostgreSQL the second gets
    409 at once; in embedded SQLite mode requests are serialised, so it waits and replays."""
    entered, release = threading.Event(), threading.Event()
    original = service.create_worker
    results: dict[str, Any] = {}

    def slow_create(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(10)
        return original(*args, **kwargs)

    body = worker_body()
    service.create_worker = slow_create
    try:
        first = threading.Thread(
            target=lambda: results.setdefault(
                "first",
                _post(ApiClient(client.application.test_client(), tenant.api_key), body, "k-race"),
            )
        )
        first.start()
        assert entered.wait(10)
        if backend == "sqlite":
            threading.Timer(0.5, release.set).start()
        second = _post(ApiClient(client.application.test_client(), tenant.api_key), body, "k-race")
        release.set()
        first.join(10)
    finally:
        service.create_worker = original
    assert results["first"].status_code == 201
    if backend == "postgresql":
        assert second.status_code == 409
        assert second.json["code"] == "idempotency_key_in_use"
    else:
        assert second.status_code == 201
        assert second.get_data() == results["first"].get_data()
    third = _post(api, body, "k-race")
    assert third.get_data() == results["first"].get_data()
    assert _count(api) == 1


def test_same_key_on_another_objects_action_is_not_a_replay(
    app: Any, api: ApiClient, tenant: TenantHandle
) -> None:
    """POST /v1/api-keys/A/rotate and .../B/rotate share a route but are different requests;
    the stored response (holding a fresh secret) is encrypted at rest."""
    from sqlalchemy import select

    a = api.post("/v1/api-keys", {"name": "a", "scopes": ["parties:read"]}).json
    b = api.post("/v1/api-keys", {"name": "b", "scopes": ["parties:read"]}).json
    rotate_a = api.post(f"/v1/api-keys/{a['id']}/rotate", {}, headers={"Idempotency-Key": "rot"})
    rotate_b = api.post(f"/v1/api-keys/{b['id']}/rotate", {}, headers={"Idempotency-Key": "rot"})
    assert rotate_a.status_code == 201
    assert rotate_b.status_code == 422 and rotate_b.json["code"] == "idempotency_error"
    replay = api.post(f"/v1/api-keys/{a['id']}/rotate", {}, headers={"Idempotency-Key": "rot"})
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json["secret"] == rotate_a.json["secret"]
    with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        stored = session.scalars(select(idempotency.IdempotencyRecord.response_body)).all()
    assert stored and all(rotate_a.json["secret"] not in body for body in stored)


@pytest.mark.postgres
def test_a_record_committed_unseen_while_the_request_ran_is_replayed(pg_app: Any) -> None:
    """On PostgreSQL the key's lock and its lookup are one statement, whose snapshot can miss
    a request with the key that commits just before the lock is taken. The request then runs,
    its record collides on the unique key when it completes, and the pipeline rolls it back
    and runs it again, which replays the record that won: one effect, the same answer."""
    from flask import Response

    from tests.helpers import new_tenant

    tenant = new_tenant(pg_app, name="idempotency race")
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    database = pg_app.extensions["gigkit"].database
    original = idempotency.complete
    calls: list[int] = []

    def complete_after_another(session: Any, claim: Any, response: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:  # the other request, committed while this one ran
            with database.unit_of_work(tenant_id=tenant.id) as other:
                won = Response('{"id": "wrk_the_other"}', 201, content_type="application/json")
                original(other, claim, won, **kwargs)
        original(session, claim, response, **kwargs)

    idempotency.complete = complete_after_another
    try:
        answer = _post(api, worker_body(), "k-unseen")
    finally:
        idempotency.complete = original
    assert answer.status_code == 201
    assert answer.json == {"id": "wrk_the_other"}
    assert answer.headers["Idempotent-Replayed"] == "true"
    assert len(calls) == 1  # the second run replayed before completing anything
    assert _count(api) == 0  # the first run's worker was rolled back
