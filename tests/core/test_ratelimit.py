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
