"""Health and readiness probes."""

from __future__ import annotations

from typing import Any

from app import create_app
from tests.conftest import make_settings


def test_healthz_and_readyz(client: Any) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["database"] == "ok"
    assert "redis" not in ready.json


def test_readyz_is_503_when_redis_is_down(sqlite_url: str, tmp_path: Any) -> None:
    app = create_app(make_settings(sqlite_url, tmp_path, redis_url="redis://127.0.0.1:1/0"))
    resp = app.test_client().get("/readyz")
    assert resp.status_code == 503
    assert resp.content_type == "application/problem+json"
    assert resp.json["code"] == "not_ready"
    assert "redis" in resp.json["detail"]


def test_readyz_is_503_when_the_database_is_down(tmp_path: Any) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path}/missing/dir/db.sqlite", tmp_path))
    resp = app.test_client().get("/readyz")
    assert resp.status_code == 503 and "database" in resp.json["detail"]
