"""Test fixtures: real databases, migrated once per run, one fresh tenant per test.

- SQLite: a file in the run's temp dir, a copy of one migrated once with `alembic upgrade
  head` (`sqlite_template`, which the live servers' databases are copies of too).
- PostgreSQL (GIGKIT_TEST_PG_URL, default the local server's `test` database as `postgres`):
  a new database owned by a new non-superuser owner role, migrated as that owner (a
  template, copied into the suite's database and into `fresh_database`'s); the app
  connects as a second new role that owns nothing and cannot bypass RLS. Both roles and the
  database are dropped at the end.
- Redis (GIGKIT_TEST_REDIS_URL): a dedicated logical database and queue names unique to the run.
- `clock`: a `FrozenClock` that every unit of work (and code with no session) reads as "now",
  for as long as the test runs; move it with `clock.advance(...)` / `clock.set(...)`.

Without the services, tests that need them are skipped with the reason; with
GIGKIT_REQUIRE_SERVICES=1 they fail instead. API tests run on both databases (`app` is
parametrised), isolated from each other by giving every test its own tenants.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import Settings
from app.core import error_codes, jobs
from app.core.time import SYSTEM, FrozenClock, set_process_clock
from tests.helpers import ApiClient, TenantHandle, new_tenant
from tests.live import copy_database

REQUIRE_SERVICES = os.environ.get("GIGKIT_REQUIRE_SERVICES") == "1"
PG_ADMIN_URL = os.environ.get(
    "GIGKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("GIGKIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
RUN_ID = secrets.token_hex(4)


def unavailable(service: str, reason: str) -> None:
    message = f"{service} unavailable ({reason})"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message}, and GIGKIT_REQUIRE_SERVICES=1 requires it", pytrace=False)
    pytest.skip(message)


def _key(n: int) -> str:
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode().rstrip("=")


def make_settings(database_url: str, instance: Path, **overrides: Any) -> Settings:
    base = Settings(
        database_url=database_url,
        migrations_database_url=database_url,
        redis_url=None,
        instance_path=instance,
        secret_key=base64.urlsafe_b64decode(_key(1) + "="),
        encryption_key_id="k1",
        encryption_keys={"k1": bytes([2]) * 32},
        blind_index_key=bytes([3]) * 32,
        signing_key_id="s1",
        signing_keys={"s1": bytes([4]) * 32},
        embedded=database_url.startswith("sqlite"),
        rate_limit_live="100000/second",
        rate_limit_test="100000/second",
        rate_limit_public="100000/second",
        queue_name=f"gigkit-test-{RUN_ID}",
        log_level="WARNING",
        webhook_allow_private=True,  # test receivers listen on 127.0.0.1
        webhook_timeout=3.0,
    )
    return base.with_overrides(**overrides)


def migrate(url: str, app_role: str | None = None) -> None:
    from alembic import command

    from app.cli import alembic_config

    config = alembic_config(url)
    if app_role:
        config.attributes["app_role"] = app_role
    command.upgrade(config, "head")


@dataclass(frozen=True)
class Postgres:
    admin_url: str
    owner_url: str
    app_url: str
    database: str
    owner_role: str
    app_role: str
    template: str  # migrated, never connected to: what `fresh_database` copies

    @contextlib.contextmanager
    def fresh_database(self, name: str) -> Iterator[tuple[str, str]]:
        """A new database `name`, as migrated as the suite's but empty: a copy of the
        template (`CREATE DATABASE ... TEMPLATE`, under a second; a migration takes
        several). Yields its (owner URL, application URL); dropped afterwards."""
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text(f"CREATE DATABASE {name} OWNER {self.owner_role} TEMPLATE {self.template}")
            )
        try:
            yield (
                make_url(self.owner_url).set(database=name).render_as_string(False),
                make_url(self.app_url).set(database=name).render_as_string(False),
            )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            admin.dispose()


@pytest.fixture(autouse=True)
def _job_runner_restored() -> Iterator[None]:
    """`create_app` makes its runner the process's (`jobs.configure`): a test that creates an
    app of its own (with Redis, say) leaves the runner as it found it, or later tests'
    jobs would go to that app's queues and never run."""
    previous = jobs._runner
    yield
    jobs._runner = previous


@pytest.fixture(autouse=True)
def _answers_are_declared() -> Iterator[None]:
    """Every problem an operation answers in a test has a code the operation declares
    (`errors=[...]` plus the pipeline's generic ones, `core.error_codes`)."""
    before = set(error_codes.UNDECLARED)
    yield
    new = sorted(error_codes.UNDECLARED - before)
    assert not new, f"undeclared (operation, status, code): {new}; add the class to errors=[...]"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to head once per run, then only ever copied
    (`tests.live.copy_database`): by `sqlite_url` and by the live servers' instances."""
    path = tmp_path_factory.mktemp("sqlite-template") / "gigkit.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def sqlite_url(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    instance = tmp_path_factory.mktemp("sqlite")
    copy_database(sqlite_template, instance)
    return f"sqlite:///{instance / 'gigkit.db'}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # no server, wrong URL...
        unavailable("PostgreSQL", f"{type(exc).__name__} at {make_url(PG_ADMIN_URL).host}")
    db, template, owner, app_role = (
        f"gigkit_{kind}_{RUN_ID}" for kind in ("test", "template", "owner", "app")
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))
        conn.execute(text(f"CREATE ROLE {app_role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"))
        conn.execute(text(f"CREATE DATABASE {template} OWNER {owner}"))
    base = make_url(PG_ADMIN_URL).set(database=db)
    try:
        migrate(
            base.set(database=template, username=owner).render_as_string(hide_password=False),
            app_role=app_role,
        )
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {db} OWNER {owner} TEMPLATE {template}"))
        yield Postgres(
            admin_url=base.render_as_string(hide_password=False),
            owner_url=base.set(username=owner).render_as_string(hide_password=False),
            app_url=base.set(username=app_role).render_as_string(hide_password=False),
            database=db,
            owner_role=owner,
            app_role=app_role,
            template=template,
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            conn.execute(text(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {app_role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Any]:
    """Playwright for one test module: a second sync Playwright cannot start in a process
    while one runs, so a module's browser tests launch their Chromium from this one. Never
    for the session: while it runs, its event loop is the thread's, and every later
    `asyncio.run()` (the async SDK's tests) would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def redis_url() -> str:
    from redis import Redis

    try:
        Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        unavailable("Redis", f"{type(exc).__name__} at {REDIS_URL}")
    return REDIS_URL


def database_url_for(request: pytest.FixtureRequest, backend: str) -> str:
    if backend == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres").app_url)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def app(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    url = database_url_for(request, backend)
    application = create_app(make_settings(url, tmp_path_factory.mktemp(f"instance-{backend}")))
    yield application
    application.extensions["gigkit"].database.dispose()


@pytest.fixture(scope="session")
def pg_app(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An app on PostgreSQL only, for tests about concurrency and RLS."""
    application = create_app(make_settings(postgres.app_url, tmp_path_factory.mktemp("pg")))
    yield application
    application.extensions["gigkit"].database.dispose()


@pytest.fixture()
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture()
def tenant(app: Any) -> TenantHandle:
    return new_tenant(app)


@pytest.fixture()
def other_tenant(app: Any) -> TenantHandle:
    return new_tenant(app, name="Other market")


@pytest.fixture()
def api(client: Any, tenant: TenantHandle) -> ApiClient:
    """The test client, authenticated as the tenant's admin key (every scope)."""
    return ApiClient(client, tenant.api_key)


@pytest.fixture()
def clock(app: Any) -> Iterator[FrozenClock]:
    """The one clock, frozen: the app's database clock (every unit of work's `now`) and the
    process clock (code with no session), both at the start of the test to the second, both
    restored afterwards. It moves only when the test says so."""
    frozen = FrozenClock(SYSTEM.now().replace(microsecond=0))
    with use_clock(app, frozen):
        yield frozen


@contextlib.contextmanager
def use_clock(app: Any, clock: FrozenClock) -> Iterator[FrozenClock]:
    database = app.extensions["gigkit"].database
    previous, database.clock = database.clock, clock
    previous_process = set_process_clock(clock)
    try:
        yield clock
    finally:
        database.clock = previous
        set_process_clock(previous_process)
