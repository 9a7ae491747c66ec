"""The database-role check on PostgreSQL: the application refuses to start as a role that
row-level security does not bind, or that could lift it: one that is, or can act as, a
superuser, a BYPASSRLS role or the owner of the tables, schema or database; or that has
CREATEROLE or REPLICATION or may touch the server's files. Each case is a real role on the
test run's database (created here, dropped afterwards), and the first tests show what such a
role could really do."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url

from app import create_app, verify_database
from app.core.db import UnsafeDatabaseRole
from tests.conftest import Postgres, make_settings
from tests.helpers import ApiClient, new_tenant, post_created, worker_body

pytestmark = pytest.mark.postgres

MakeRole = Callable[..., str]


@pytest.fixture()
def make_role(postgres: Postgres) -> Iterator[MakeRole]:
    """`make_role(attributes, *setup)`: a new LOGIN role on the test database, with its
    attributes and the setup statements run as a superuser (`{role}`, `{owner}` and
    `{app}` are filled in); returns its URL. Every role made, and `{role}_*` helper role, is
    dropped at the end."""
    admin = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(attributes: str = "", *setup: str) -> str:
        role = f"gigkit_probe_{secrets.token_hex(4)}"
        made.append(role)
        names = {"role": role, "owner": postgres.owner_role, "app": postgres.app_role}
        with admin.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN {attributes}"))
            for statement in setup:
                conn.execute(text(statement.format(**names)))
        url = make_url(postgres.admin_url).set(username=role)
        return url.render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for role in made:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {role} CASCADE"))
            helpers = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"),
                {"p": f"{role}_"},
            ).scalars()
            for helper in [*helpers, role]:
                conn.execute(text(f"DROP ROLE IF EXISTS {helper}"))
    admin.dispose()


def refused(url: str, tmp_path: Path) -> str | None:
    """The start-up check's error for an app connecting as `url` (None: it starts)."""
    app = create_app(make_settings(url, tmp_path))
    try:
        verify_database(app)
    except UnsafeDatabaseRole as exc:
        return str(exc)
    finally:
        app.extensions["gigkit"].database.dispose()
    return None


@pytest.fixture(scope="module")
def workers_of_two_tenants(pg_app: Any) -> None:
    for name in ("Role probe A", "Role probe B"):
        post_created(
            ApiClient(pg_app.test_client(), new_tenant(pg_app, name=name).api_key),
            "/v1/workers",
            worker_body(),
        )


def _in_rolled_back_transaction(url: str, work: Callable[[Connection], None]) -> None:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                work(conn)
            finally:
                transaction.rollback()  # the shared database keeps FORCE ROW LEVEL SECURITY
    finally:
        engine.dispose()


# --- why the check matters: a member of the owner role lifts RLS and reads every tenant --------


@pytest.mark.parametrize("inherit", ["INHERIT", "NOINHERIT"])
def test_a_member_of_the_owner_role_can_lift_row_level_security(
    inherit: str, make_role: MakeRole, postgres: Postgres, workers_of_two_tenants: None
) -> None:
    url = make_role(
        f"NOSUPERUSER NOBYPASSRLS NOCREATEROLE {inherit}",
        "GRANT {owner} TO {role}",
    )

    def lift(conn: Connection) -> None:
        if inherit == "NOINHERIT":  # no inherited privileges, but it may become the owner
            conn.execute(text(f"SET ROLE {postgres.owner_role}"))
        assert conn.execute(text("SELECT count(*) FROM workers")).scalar() == 0  # no tenant set
        conn.execute(text("ALTER TABLE workers NO FORCE ROW LEVEL SECURITY"))
        seen = conn.execute(text("SELECT count(DISTINCT tenant_id) FROM workers")).scalar()
        assert seen is not None and seen >= 2  # every tenant's workers, no tenant set

    _in_rolled_back_transaction(url, lift)


def test_createrole_on_postgresql_15_can_make_itself_the_owner(
    make_role: MakeRole, postgres: Postgres, workers_of_two_tenants: None
) -> None:
    url = make_role("NOSUPERUSER NOBYPASSRLS CREATEROLE")

    def escalate(conn: Connection) -> None:
        if conn.dialect.server_version_info >= (16,):
            pytest.skip("PostgreSQL 16 lets CREATEROLE grant only roles it administers")
        role = conn.execute(text("SELECT current_user")).scalar()
        conn.execute(text(f"GRANT {postgres.owner_role} TO {role}"))
        conn.execute(text(f"SET ROLE {postgres.owner_role}"))
        conn.execute(text("ALTER TABLE workers NO FORCE ROW LEVEL SECURITY"))
        seen = conn.execute(text("SELECT count(DISTINCT tenant_id) FROM workers")).scalar()
        assert seen is not None and seen >= 2

    _in_rolled_back_transaction(url, escalate)


# --- the check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "setup", "reason"),
    [
        ("", ["GRANT {owner} TO {role}"], "is a member of 'gigkit_owner_"),
        ("NOINHERIT", ["GRANT {owner} TO {role}"], "which owns table public."),
        (
            "",
            [
                "CREATE ROLE {role}_mid NOLOGIN",
                "GRANT {owner} TO {role}_mid",
                "GRANT {role}_mid TO {role}",
            ],
            "which owns table public.",
        ),
        (
            "",
            ["CREATE ROLE {role}_rls NOLOGIN BYPASSRLS", "GRANT {role}_rls TO {role}"],
            "_rls', which has BYPASSRLS",
        ),
        (
            "",
            ["CREATE ROLE {role}_su NOLOGIN SUPERUSER", "GRANT {role}_su TO {role}"],
            "_su', which is a superuser",
        ),
        ("CREATEROLE", [], "which has CREATEROLE"),
        (
            "",
            ["CREATE ROLE {role}_cr NOLOGIN CREATEROLE", "GRANT {role}_cr TO {role}"],
            "CREATEROLE",
        ),
        ("REPLICATION", [], "which has REPLICATION"),
        ("", ["GRANT pg_execute_server_program TO {role}"], "run server programs"),
        ("", ["GRANT pg_read_server_files TO {role}"], "read or write server files"),
        # a schema named after the role comes first on the default search path ("$user")
        ("", ["CREATE SCHEMA {role} AUTHORIZATION {role}"], "which owns schema gigkit_probe_"),
        ("BYPASSRLS", [], "which has BYPASSRLS"),
        ("SUPERUSER", [], "which is a superuser"),
    ],
    ids=[
        "member-of-owner",
        "noinherit-member-of-owner",
        "indirect-member-of-owner",
        "member-of-bypassrls-role",
        "member-of-superuser-role",
        "createrole",
        "member-of-createrole-role",
        "replication",
        "server-programs",
        "server-files",
        "owns-schema-on-search-path",
        "bypassrls",
        "superuser",
    ],
)
def test_the_app_refuses_to_start_as_a_role_that_can_lift_rls(
    attributes: str, setup: list[str], reason: str, make_role: MakeRole, tmp_path: Path
) -> None:
    url = make_role(attributes, *setup)
    error = refused(url, tmp_path)
    assert error is not None and reason in error, error
    assert error.startswith(f"DATABASE_URL connects as '{make_url(url).username}', which ")


def test_the_owner_role_itself_is_refused(postgres: Postgres, tmp_path: Path) -> None:
    error = refused(postgres.owner_url, tmp_path)
    assert error is not None and "owns table public." in error


def test_the_plain_application_role_starts(
    postgres: Postgres, make_role: MakeRole, tmp_path: Path
) -> None:
    assert refused(postgres.app_url, tmp_path) is None
    # membership in a role that owns nothing and holds no dangerous attribute is fine
    harmless = make_role("", "CREATE ROLE {role}_readers NOLOGIN", "GRANT {role}_readers TO {role}")
    assert refused(harmless, tmp_path) is None


def test_the_unsafe_setting_lets_a_member_of_the_owner_through(
    make_role: MakeRole, tmp_path: Path
) -> None:
    url = make_role("", "GRANT {owner} TO {role}")
    app = create_app(make_settings(url, tmp_path, allow_unsafe_db_role=True))
    try:
        verify_database(app)  # no UnsafeDatabaseRole
    finally:
        app.extensions["gigkit"].database.dispose()
