"""Rate limits per credential: 429 problem+json with Retry-After and RateLimit headers."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from app import create_app
from tests.conftest import make_settings
from tests.helpers import ApiClient, new_tenant


def _limited_app(url: str, tmp_path: Any, **overrides: Any) -> Any:
    settings = make_settings(
        url,
        tmp_path,
        rate_limit_test="3/minute",
        rate_limit_live="5/minute",
        rate_limit_public="2/minute",
        **overrides,
    )
    return create_app(settings)


def _exercise(app: Any) -> None:
    tenant, other = new_tenant(app), new_tenant(app)
    api = ApiClient(app.test_client(), tenant.api_key)
    answers = [api.get("/v1/workers") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Policy"] == '"credential";q=3;w=60'
    assert answers[0].headers["RateLimit"].startswith('"credential";r=2;t=')
    assert answers[2].headers["RateLimit"].startswith('"credential";r=0;t=')
    limited = answers[3]
    assert limited.content_type == "application/problem+json"
    assert limited.json["code"] == "rate_limited"
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert limited.headers["RateLimit"] == f'"credential";r=0;t={retry_after}'
    assert limited.headers["Request-Id"] == limited.json["request_id"]
    # another credential has its own budget
    assert ApiClient(app.test_client(), other.api_key).get("/v1/workers").status_code == 200
    # so does another key of the same tenant
    second = ApiClient(app.test_client(), tenant.key(["parties:read"]))
    assert second.get("/v1/workers").status_code == 200
    # unauthenticated endpoints are limited per client address
    token = [
        app.test_client().post("/oauth/token", data={"grant_type": "client_credentials"})
        for _ in range(3)
    ]
    assert [r.status_code for r in token][-1] == 429


def test_limits_in_memory(sqlite_url: str, tmp_path: Any) -> None:
    _exercise(_limited_app(sqlite_url, tmp_path))


@pytest.mark.redis
def test_limits_in_redis(postgres: Any, redis_url: str, tmp_path: Any) -> None:
    app = _limited_app(
        postgres.app_url, tmp_path, redis_url=redis_url, queue_name=f"rl-{secrets.token_hex(4)}"
    )
    app.config["RATELIMIT_KEY_PREFIX"] = f"gigkit-test-{secrets.token_hex(4)}"
    _exercise(app)
    app.extensions["gigkit"].database.dispose()


def test_live_credentials_get_the_live_budget(sqlite_url: str, tmp_path: Any) -> None:
    app = _limited_app(sqlite_url, tmp_path)
    live = new_tenant(app, mode="live")
    api = ApiClient(app.test_client(), live.api_key)
    assert live.api_key.startswith("gk_live_")
    statuses = [api.get("/v1/workers").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_failed_authentication_is_throttled_per_address(sqlite_url: str, tmp_path: Any) -> None:
    app = _limited_app(sqlite_url, tmp_path)
    tenant = new_tenant(app)
    client = app.test_client()
    bogus = {"Authorization": "Bearer " + tenant.api_key[:-6] + "AAAAAA"}
    statuses = [client.get("/v1/workers", headers=bogus).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    # a valid credential is not affected: it has its own budget
    assert ApiClient(client, tenant.api_key).get("/v1/workers").status_code == 200


def _exercise_slots(app: Any) -> None:
    """Two of a tenant's document requests at once are served, a third is refused with
    429 until one ends; another tenant's slots are its own."""
    from app.core.errors import RateLimited
    from app.core.ratelimit import hold_slot

    tenant, other = new_tenant(app), new_tenant(app)
    database = app.extensions["gigkit"].database
    api = ApiClient(app.test_client(), tenant.api_key)
    missing = "/v1/contracts/ctr_01h0000000000000000000000a/document"
    with database.unit_of_work(tenant_id=tenant.id) as first:
        hold_slot(first, "documents", 2)
        with database.unit_of_work(tenant_id=tenant.id) as second:
            hold_slot(second, "documents", 2)
            refused = api.get(missing)
            assert refused.status_code == 429, refused.json
            assert refused.json["code"] == "too_many_concurrent_requests"
            assert refused.headers["Retry-After"] == "1"
            with database.unit_of_work(tenant_id=other.id) as theirs:
                hold_slot(theirs, "documents", 2)  # not counted against the first tenant
            with pytest.raises(RateLimited), database.unit_of_work(tenant_id=tenant.id) as third:
                hold_slot(third, "documents", 2)
        assert api.get(missing).status_code == 404  # a slot came free: served (not found)
    assert api.get(missing).status_code == 404
    with database.unit_of_work(tenant_id=tenant.id) as again:  # every slot was released
        hold_slot(again, "documents", 2)
        hold_slot(again, "documents", 2)


def test_concurrency_slots_in_memory(sqlite_url: str, tmp_path: Any) -> None:
    _exercise_slots(create_app(make_settings(sqlite_url, tmp_path)))


@pytest.mark.redis
@pytest.mark.postgres
def test_concurrency_slots_in_redis_are_shared_by_processes(
    postgres: Any, redis_url: str, tmp_path: Any
) -> None:
    prefix = f"gigkit-slots-{secrets.token_hex(4)}"
    app = create_app(
        make_settings(postgres.app_url, tmp_path, redis_url=redis_url, queue_name=prefix)
    )
    _exercise_slots(app)
    # a second application (another API process) sees the first one's holders
    other_process = create_app(
        make_settings(postgres.app_url, tmp_path, redis_url=redis_url, queue_name=prefix)
    )
    from app.core.errors import RateLimited
    from app.core.ratelimit import hold_slot

    tenant = new_tenant(app)
    with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as mine:
        hold_slot(mine, "documents", 1)
        with (
            pytest.raises(RateLimited),
            other_process.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as theirs,
        ):
            hold_slot(theirs, "documents", 1)
    app.extensions["gigkit"].database.dispose()
    other_process.extensions["gigkit"].database.dispose()
