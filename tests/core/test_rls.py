"""Row-level security on PostgreSQL, checked in SQL as the application role (R-RLS-1...8).

These tests bypass the ORM filter on purpose: they prove the database alone keeps tenants
apart, so a bug in the application layer cannot leak rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, ProgrammingError

from app.console import members as console_members
from app.console import service as console
from app.console import users as console_users
from app.core import rules, schedule
from app.core.db import UnsafeDatabaseRole, make_engine
from app.core.schemas import BaseSchema, Str
from app.core.time import SYSTEM, local_day
from app.models import Base
from tests.conftest import Postgres
from tests.helpers import CLI, ApiClient, TenantHandle, database, money_trail, new_tenant

pytestmark = pytest.mark.postgres

TENANT_TABLES = sorted(
    t.name for t in Base.metadata.sorted_tables if "tenant_id" in t.c and t.name != "tenants"
)


class _NoteSchema(BaseSchema):
    note = Str(required=True)


RULE = rules.declare("test.rls_note", schema=_NoteSchema)  # tenant_rules has no endpoint


@pytest.fixture(scope="module")
def two_tenants(pg_app: Any) -> tuple[TenantHandle, TenantHandle]:
    """Two tenants with rows in every tenant table (parties, money, events, audit, tokens)."""
    handles = (new_tenant(pg_app, name="A"), new_tenant(pg_app, name="B"))
    for handle in handles:
        trail = money_trail(ApiClient(pg_app.test_client(), handle.api_key))  # idempotency keys too
        client_id, secret = handle.oauth_client(["parties:read"])
        token = pg_app.test_client().post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        assert token.status_code == 200
        with database(pg_app).unit_of_work(tenant_id=handle.id) as session:
            rules.put(session, RULE, {"note": handle.id}, valid_from=local_day(session), actor=CLI)
        # the closed months' statements announced: `statement_months` rows
        schedule.run(database(pg_app), schedule.get("statements.ready"), tenant_id=handle.id)
        # a console admin (`admin_users`) signed in (`admin_sessions`), who invited a
        # colleague (`admin_invitations`)
        with database(pg_app).unit_of_work(tenant_id=handle.id) as session:
            email = f"rls-{handle.id}@example.com"
            admin = console.create_admin(session, actor=CLI, email=email, password="rls password 1")
            console_members.invite(
                session, actor=CLI, by=admin, email=f"invited-{email}", role="viewer"
            )
        with database(pg_app).unit_of_work() as session:
            assert console_users.log_in(session, email=email, password="rls password 1", ip=None)
        # a clock-out batch (`work_clock_out_batches`) and its item, of the settled shift
        batch = ApiClient(pg_app.test_client(), handle.api_key).post(
            "/v1/clock-out-batches",
            {"clock_outs": [{"shift_id": trail["shf"]}]},
            headers={"Idempotency-Key": f"rls-batch-{handle.id}"},
        )
        assert batch.status_code == 202, batch.json
        # a test clock (`test_clocks`), a minute ahead of the real clock, made last
        ahead = (SYSTEM.now() + dt.timedelta(minutes=1)).isoformat()
        clock = ApiClient(pg_app.test_client(), handle.api_key).post(
            "/v1/test-clocks", {"frozen_time": ahead}
        )
        assert clock.status_code == 201, clock.json
    return handles


@pytest.fixture()
def app_conn(postgres: Postgres) -> Iterator[Connection]:
    engine = create_engine(postgres.app_url, pool_size=1, max_overflow=0)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def _set_tenant(conn: Connection, tenant_id: str) -> None:
    conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})


def test_every_tenant_table_has_forced_rls_and_a_policy(postgres: Postgres) -> None:
    engine = create_engine(postgres.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                " (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname"
                "  AND p.policyname = 'tenant_isolation')"
                " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                " AND EXISTS (SELECT 1 FROM information_schema.columns col"
                "   WHERE col.table_name = c.relname AND col.column_name = 'tenant_id')"
            )
        ).all()
    engine.dispose()
    assert sorted(r[0] for r in rows) == TENANT_TABLES
    for name, enabled, forced, policies in rows:
        assert enabled and forced and policies == 1, name


def test_app_role_is_not_privileged(app_conn: Connection) -> None:
    row = app_conn.execute(
        text(
            "SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_tables"
            " WHERE tableowner = current_user) FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    assert tuple(row) == (False, False, 0)


def test_without_a_tenant_every_table_reads_zero_rows(
    two_tenants: Any, app_conn: Connection
) -> None:
    with app_conn.begin():
        for table in TENANT_TABLES:
            assert app_conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
    # ...also after a transaction that did set one (the setting resets to '' on commit)
    with app_conn.begin():
        _set_tenant(app_conn, two_tenants[0].id)
        assert app_conn.execute(text("SELECT count(*) FROM workers")).scalar() == 1
    with app_conn.begin():
        assert app_conn.execute(text("SELECT count(*) FROM workers")).scalar() == 0


def test_tenant_b_cannot_see_or_change_tenant_a(two_tenants: Any, app_conn: Connection) -> None:
    a, b = two_tenants
    with app_conn.begin():
        _set_tenant(app_conn, b.id)
        for table in TENANT_TABLES:
            seen = app_conn.execute(text(f"SELECT DISTINCT tenant_id FROM {table}")).scalars().all()
            assert set(seen) == {b.id}, table
        changed = app_conn.execute(
            text("UPDATE workers SET name = 'x' WHERE tenant_id = :a"), {"a": a.id}
        )
        assert changed.rowcount == 0
        deleted = app_conn.execute(text("DELETE FROM employers WHERE tenant_id = :a"), {"a": a.id})
        assert deleted.rowcount == 0
    with pytest.raises(ProgrammingError, match="row-level security"), app_conn.begin():
        _set_tenant(app_conn, b.id)
        app_conn.execute(
            text(
                "INSERT INTO events (tenant_id, id, type, data, created_at)"
                " VALUES (:a, 'evt_x', 'x', '{}', now())"
            ),
            {"a": a.id},
        )
    with pytest.raises(ProgrammingError, match="row-level security"), app_conn.begin():
        _set_tenant(app_conn, b.id)
        app_conn.execute(text("UPDATE workers SET tenant_id = :a"), {"a": a.id})


def test_credential_lookup_shows_only_the_presented_credential(
    pg_app: Any, two_tenants: Any, app_conn: Connection
) -> None:
    keyring = pg_app.extensions["gigkit"].database.keyring
    a_hash = keyring.hash_secret(two_tenants[0].api_key)
    with app_conn.begin():
        app_conn.execute(
            text("SELECT set_config('app.credential_lookup', :h, true)"), {"h": a_hash}
        )
        rows = app_conn.execute(text("SELECT tenant_id FROM api_keys")).scalars().all()
        assert rows == [two_tenants[0].id]
        assert app_conn.execute(text("SELECT count(*) FROM workers")).scalar() == 0
        assert app_conn.execute(text("UPDATE api_keys SET name = 'x'")).rowcount == 0
    with app_conn.begin():
        app_conn.execute(text("SELECT set_config('app.credential_lookup', 'nope', true)"))
        assert app_conn.execute(text("SELECT count(*) FROM api_keys")).scalar() == 0


def test_audit_log_is_append_only(
    postgres: Postgres, two_tenants: Any, app_conn: Connection
) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"), app_conn.begin():
        _set_tenant(app_conn, two_tenants[0].id)
        app_conn.execute(text("UPDATE audit_events SET action = 'forged'"))
    with pytest.raises(ProgrammingError, match="permission denied"), app_conn.begin():
        _set_tenant(app_conn, two_tenants[0].id)
        app_conn.execute(text("DELETE FROM audit_events"))
    owner = create_engine(postgres.owner_url)
    with pytest.raises(DBAPIError, match="append-only"), owner.begin() as conn:
        _set_tenant(conn, two_tenants[0].id)
        conn.execute(text("DELETE FROM audit_events"))
    owner.dispose()


def test_app_role_cannot_truncate(app_conn: Connection) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"), app_conn.begin():
        app_conn.execute(text("TRUNCATE workers"))


def test_tenant_setting_does_not_leak_between_requests_on_one_connection(
    postgres: Postgres, two_tenants: Any
) -> None:
    """A pool of one connection serving A then B then no-one (R-RLS-4)."""
    from app.core.db import Database

    a, b = two_tenants
    database = Database(postgres.app_url, keyring=_keyring())
    database.engine.pool.dispose()
    from sqlalchemy import select

    from app.parties.models import Worker

    seen = []
    for tenant_id in (a.id, b.id, a.id):
        with database.unit_of_work(tenant_id=tenant_id) as session:
            seen.append({w.tenant_id for w in session.scalars(select(Worker))})
            raw = session.execute(text("SELECT DISTINCT tenant_id FROM workers")).scalars().all()
            assert set(raw) == {tenant_id}
    assert seen == [{a.id}, {b.id}, {a.id}]
    with database.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM workers")).scalar() == 0
    database.dispose()


def _keyring() -> Any:
    from app.core.crypto import Keyring

    return Keyring(
        secret_key=b"k" * 32,
        encryption_key_id="k1",
        encryption_keys={"k1": b"e" * 32},
        blind_index_key=b"b" * 32,
    )


def test_app_refuses_to_run_as_a_privileged_role(postgres: Postgres) -> None:
    for url in (postgres.admin_url, postgres.owner_url):
        engine = make_engine(url)
        with pytest.raises(UnsafeDatabaseRole):
            engine.connect()
        engine.dispose()


def test_tenants_table_rows_change_only_for_their_own_tenant(
    two_tenants: Any, app_conn: Connection
) -> None:
    a, b = two_tenants
    with app_conn.begin():
        assert app_conn.execute(text("SELECT count(*) FROM tenants")).scalar() >= 2
        _set_tenant(app_conn, b.id)
        changed = app_conn.execute(
            text("UPDATE tenants SET name = 'taken' WHERE id = :a"), {"a": a.id}
        )
        assert changed.rowcount == 0
        mine = app_conn.execute(text("UPDATE tenants SET name = 'B2' WHERE id = :b"), {"b": b.id})
        assert mine.rowcount == 1
    with pytest.raises(ProgrammingError, match="permission denied"), app_conn.begin():
        app_conn.execute(text("DELETE FROM tenants"))


def test_find_credential_binds_the_transaction_to_the_rows_tenant_in_its_select(
    postgres: Postgres, pg_app: Any, two_tenants: Any
) -> None:
    """The one credential lookup (API keys, OAuth clients and tokens, signing links): found
    by the presented secret's hash, the session and its transaction end bound to the row's
    tenant with the lookup cleared, in as many round trips as the SELECT itself; a wrong
    hash finds nothing and binds nothing."""
    from sqlalchemy import event

    from app.core.db import Database
    from app.core.tenancy import find_credential
    from app.tenants.models import ApiKey

    b = two_tenants[1]
    database = Database(postgres.app_url, keyring=_keyring())
    key_hash = pg_app.extensions["gigkit"].database.keyring.hash_secret(b.api_key)
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        with database.unit_of_work() as session:
            key = find_credential(session, ApiKey, ApiKey.secret_hash, key_hash)
            assert key is not None and key.tenant_id == b.id
            assert session.info["tenant_id"] == b.id
            assert len(statements) == 2  # the lookup's set_config (at BEGIN), the SELECT
            settings = session.execute(
                text(
                    "SELECT current_setting('app.tenant_id', true),"
                    " current_setting('app.credential_lookup', true)"
                )
            ).one()
            assert tuple(settings) == (b.id, "")
            raw = session.execute(text("SELECT DISTINCT tenant_id FROM workers")).scalars().all()
            assert raw == [b.id]  # RLS now shows b's rows, and only them
        with database.unit_of_work() as session:
            assert find_credential(session, ApiKey, ApiKey.secret_hash, "0" * 64) is None
            assert session.info.get("tenant_id") is None
            lookup = session.execute(
                text("SELECT current_setting('app.credential_lookup', true)")
            ).scalar()
            assert lookup == ""
            assert session.execute(text("SELECT count(*) FROM api_keys")).scalar() == 0
    finally:
        database.dispose()
