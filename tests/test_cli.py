"""The `gigkit` command: names and JSON output that scripts rely on."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.conftest import Postgres
from tests.live import ROOT, copy_database


def _run(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"GIGKIT_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}


@pytest.fixture()
def migrated(env: dict[str, str], tmp_path: Path, sqlite_template: Path) -> dict[str, str]:
    """`env` after `gigkit db upgrade` (the first test runs it for real): a copy."""
    copy_database(sqlite_template, tmp_path)
    return env


def test_fresh_embedded_database_tenant_and_client(env: dict[str, str], tmp_path: Path) -> None:
    _run(env, "db", "upgrade")
    assert (tmp_path / "gigkit.db").exists() and (tmp_path / "secrets.json").exists()
    assert oct((tmp_path / "secrets.json").stat().st_mode)[-3:] == "600"
    assert "no drift" in _run(env, "db", "check").output
    created = json.loads(_run(env, "tenant", "create", "--name", "Shiling", "--json").output)
    assert set(created) == {"tenant_id", "api_key"}
    assert created["api_key"].startswith("gk_test_")
    client = json.loads(
        _run(
            env,
            "oauth-client",
            "create",
            "--tenant",
            created["tenant_id"],
            "--scopes",
            "parties:read parties:write",
            "--json",
        ).output
    )
    assert set(client) == {"client_id", "client_secret"}
    listed = json.loads(_run(env, "tenant", "list", "--json").output)["data"]
    assert [t["id"] for t in listed] == [created["tenant_id"]]
    assert "purged 0" in _run(env, "maintenance", "purge").output
    assert "settled 0 deposits, updated 0 payouts" in _run(env, "maintenance", "reconcile").output
    assert "expired 0 contracts, 0 signing links" in _run(env, "maintenance", "contracts").output
    listed_tasks = _run(env, "maintenance", "list").output
    for name in ("payouts.reconcile", "webhooks.relay", "contracts.expire", "idempotency.purge"):
        assert name in listed_tasks
    ran = _run(env, "maintenance", "run", "contracts.expire", "--tenant", created["tenant_id"])
    assert ran.output.strip() == "contracts.expire: 0"
    unknown = CliRunner().invoke(main, ["maintenance", "run", "no.such"], env=env)
    assert unknown.exit_code != 0 and "no periodic task 'no.such'" in unknown.output


def test_cli_credentials_work_against_the_api(migrated: dict[str, str], monkeypatch: Any) -> None:
    env = migrated
    created = json.loads(
        _run(env, "tenant", "create", "--name", "Live", "--mode", "live", "--json").output
    )
    assert created["api_key"].startswith("gk_live_")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from app import create_app

    app = create_app()
    resp = app.test_client().get(
        "/v1/tenant", headers={"Authorization": f"Bearer {created['api_key']}"}
    )
    assert resp.status_code == 200 and resp.json["mode"] == "live"


def test_bad_scopes_and_unknown_tenant_are_refused(migrated: dict[str, str]) -> None:
    env = migrated
    runner = CliRunner()
    bad = runner.invoke(
        main, ["oauth-client", "create", "--tenant", "ten_x", "--scopes", "root"], env=env
    )
    assert bad.exit_code == 2 and "unknown scope" in bad.output
    missing = runner.invoke(
        main, ["oauth-client", "create", "--tenant", "ten_x", "--scopes", "admin"], env=env
    )
    assert missing.exit_code == 2 and "no such tenant" in missing.output


def test_demo_is_created_once(migrated: dict[str, str], tmp_path: Path) -> None:
    env = migrated
    first = _run(env, "demo", "--port", "8123").output
    second = _run(env, "demo", "--port", "8123").output
    assert first == second
    creds = json.loads((tmp_path / "demo.json").read_text())
    assert creds["api_key"] in first and creds["client_secret"] in first
    assert "http://127.0.0.1:8123/docs" in first
    assert "http://127.0.0.1:8123/guides/" in first


def test_demo_prints_the_variables_the_docs_samples_read(migrated: dict[str, str]) -> None:
    env = migrated
    out = _run(env, "demo", "--port", "8124").output
    key = re.search(r"API key +(\S+)", out)[1]  # type: ignore[index]
    client_id = re.search(r"OAuth client +(\S+)", out)[1]  # type: ignore[index]
    assert f"export GK=http://127.0.0.1:8124 GK_KEY={key}\n" in out
    assert f"export GK_CLIENT_ID={client_id} GK_CLIENT_SECRET=gk_cs_" in out
    assert "export GIGKIT_URL=$GK GIGKIT_API_KEY=$GK_KEY" in out


def test_make_run_prints_the_gigkit_command_and_how_to_put_it_on_path(tmp_path: Path) -> None:
    """`gigkit` is in .venv/bin, not on PATH: `make run` says where it is (the recipe's echo
    lines, run by the shell as make would, without running make)."""
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe is not None
    echoes = [
        line.strip()
        .removeprefix("@")
        .replace("$(CURDIR)", str(ROOT))
        .replace("$(BIN)", ".venv/bin")
        .replace("$$", "$")
        for line in recipe[1].splitlines()
        if line.strip().startswith("@echo")
    ]
    shown = subprocess.run(
        ["sh", "-c", "; ".join(echoes)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert f"gigkit command {ROOT}/.venv/bin/gigkit\n" in shown
    assert f'export PATH="{ROOT}/.venv/bin:$PATH"' in shown


def test_openapi_write(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "spec.json"
    _run(env, "openapi", "write", "--format=json", str(out))
    spec = json.loads(out.read_text())
    assert spec["openapi"] == "3.0.3"
    assert "/v1/workers" in spec["paths"]


def test_migrations_have_no_drift_on_postgres(postgres: Postgres, tmp_path: Path) -> None:
    env = {
        "GIGKIT_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": postgres.app_url,
        "MIGRATIONS_DATABASE_URL": postgres.owner_url,
        "GIGKIT_SECRET_KEY": "A" * 43,
        "GIGKIT_ENCRYPTION_KEYS": "k1:" + "B" * 43,
        "GIGKIT_BLIND_INDEX_KEY": "C" * 43,
        "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
        "GIGKIT_PUBLIC_URL": "https://api.example.com",
        "REDIS_URL": "",
    }
    assert "no drift" in _run(env, "db", "check").output


def test_worker_needs_redis(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["worker", "--burst"], env=env)
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output


@pytest.mark.parametrize("address", ["9108", "host:", "0.0.0.0:http", "127.0.0.1:70000"])
def test_worker_refuses_a_metrics_address_that_is_not_host_port(
    env: dict[str, str], address: str
) -> None:
    result = CliRunner().invoke(main, ["worker", "--burst", "--metrics", address], env=env)
    assert result.exit_code == 2 and "is not HOST:PORT" in result.output


@pytest.mark.redis
def test_worker_runs_queued_jobs(
    postgres: Postgres, redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import secrets

    from redis import Redis
    from rq import Queue

    from app import create_app

    prefix = f"cli-{secrets.token_hex(4)}"
    queue = Queue(f"{prefix}-housekeeping", connection=Redis.from_url(redis_url))
    env = {
        "GIGKIT_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": postgres.app_url,
        "MIGRATIONS_DATABASE_URL": postgres.owner_url,
        "REDIS_URL": redis_url,
        "GIGKIT_QUEUE": prefix,
        "GIGKIT_SECRET_KEY": "A" * 43,
        "GIGKIT_ENCRYPTION_KEYS": "k1:" + "B" * 43,
        "GIGKIT_BLIND_INDEX_KEY": "C" * 43,
        "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
        "GIGKIT_PUBLIC_URL": "https://api.example.com",
    }
    api_key = json.loads(_run(env, "tenant", "create", "--name", "Q", "--json").output)["api_key"]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    client = create_app().test_client()
    auth = {"Authorization": f"Bearer {api_key}"}
    client.get("/v1/workers", headers=auth)  # queues the last-used write
    assert queue.count == 1
    _run(env, "worker", "--burst")
    assert queue.count == 0
    assert client.get("/v1/api-keys", headers=auth).json["data"][0]["last_used_at"] is not None


def test_api_key_create_for_an_existing_tenant(migrated: dict[str, str]) -> None:
    env = migrated
    tenant_id = json.loads(_run(env, "tenant", "create", "--name", "T", "--json").output)[
        "tenant_id"
    ]
    key = json.loads(
        _run(
            env, "api-key", "create", "--tenant", tenant_id, "--scopes", "parties:read", "--json"
        ).output
    )
    assert key["api_key"].startswith("gk_test_") and key["id"].startswith("key_")
    result = CliRunner().invoke(main, ["api-key", "create", "--tenant", "ten_nope"], env=env)
    assert result.exit_code == 2 and "no such tenant" in result.output


def test_admin_create_prints_a_password_that_signs_in(migrated: dict[str, str]) -> None:
    """`gigkit admin create`: a generated password, shown once, for a console sign-in; the
    password from stdin with --password-stdin; an unknown tenant refused."""
    from app import create_app
    from app.config import Settings

    env = migrated
    tenant_id = json.loads(_run(env, "tenant", "create", "--name", "T", "--json").output)[
        "tenant_id"
    ]
    out = _run(env, "admin", "create", "--tenant", tenant_id, "--email", "Ops@Example.com").output
    password = out.split("password", 1)[1].split()[0]
    typed = CliRunner().invoke(
        main,
        ["admin", "create", "--tenant", tenant_id, "--email", "dev@example.com", "--role",
         "developer", "--password-stdin"],
        input="a typed long password\n",
        env=env,
    )  # fmt: skip
    assert typed.exit_code == 0, typed.output
    assert "a typed long password" not in typed.output
    client = create_app(Settings.from_env(env)).test_client()
    for email, secret in (
        ("ops@example.com", password),
        ("dev@example.com", "a typed long password"),
    ):
        form = client.get("/console/login").get_data(as_text=True)
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        signed = client.post(
            "/console/login", data={"csrf": csrf, "email": email, "password": secret}
        )
        assert signed.status_code == 303, (email, signed.status_code)
        client.post("/console/logout", data={"csrf": csrf})
        client.delete_cookie("gk_console", path="/console")
    unknown = CliRunner().invoke(
        main, ["admin", "create", "--tenant", "ten_nope", "--email", "x@example.com"], env=env
    )
    assert unknown.exit_code != 0
