"""Engine, sessions and the one commit point.

`Database.unit_of_work()` is the only place that commits: a request or a job opens one,
services `flush()` when they need to and never commit, and what `after_commit()` registered
runs once the commit has succeeded. Any exception rolls everything back, outbox included.

Every tenant-owned table uses the `TenantScoped` mixin: `tenant_id` first in the primary
key (so the table can later be distributed on it), stamped from the session on insert and
filtered automatically on read (see `tenancy.py`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    create_engine,
    event,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.core import metrics, stamps, tenancy
from app.core.crypto import Keyring
from app.core.time import SYSTEM, Clock, ensure_utc

log = logging.getLogger(__name__)

READ_ONLY = "gigkit_read_only"  # a connection's execution option: see `Database.read_only`

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out, on PostgreSQL (timestamptz) and SQLite (naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        value = ensure_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else ensure_utc(value)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class TenantScoped:
    """Mixin for every tenant-owned table: `(tenant_id, id)` is the primary key."""

    __tenant_scoped__ = True

    tenant_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("tenants.id"), primary_key=True, sort_order=-10
    )


class Database:
    """One per application: the engine, the session factory and the keyring."""

    def __init__(
        self, url: str, *, keyring: Keyring, check_role: bool = True, pooler: str = "", **info: Any
    ) -> None:
        self.url = url
        self.keyring = keyring
        self.clock: Clock = SYSTEM  # every unit of work's `now` (core/time.py); tests swap it
        self.engine = make_engine(url, check_role=check_role, pooler=pooler)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        metrics.watch_pool(self.engine)
        self.session_info: dict[str, Any] = {
            "keyring": keyring,
            "is_postgres": self.is_postgres,
            "database": self,
            **info,
        }
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        # A forked process (an RQ work horse) must not use the parent's pooled connections:
        # it starts with an empty pool of its own, leaving the parent's sockets alone.
        this = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _forget_pool(this))

    def session(self) -> Session:
        return self._sessions(info=dict(self.session_info))

    @contextlib.contextmanager
    def unit_of_work(self, *, tenant_id: str | None = None) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any exception, then hooks."""
        session = self.session()
        if tenant_id is not None:
            tenancy.bind_tenant(session, tenant_id)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        else:
            _run_hooks(session, "after_commit")
        finally:
            _run_hooks(session, "on_close")
            session.close()

    @contextlib.contextmanager
    def read_only(self, *, tenant_id: str) -> Iterator[Session]:
        """A read-only transaction bound to one tenant, outside any unit of work: for reads
        that outlive a request's (a streamed export, `core.streaming`). The tenant filter
        and RLS apply as in every unit of work; PostgreSQL refuses writes (READ ONLY);
        SQLite takes a deferred BEGIN, a WAL snapshot that never holds the write lock. Never
        commits: the transaction is rolled back and the connection returned at the end."""
        with self.engine.connect() as connection:
            reader = connection.execution_options(**{READ_ONLY: True, "postgresql_readonly": True})
            session = self._sessions(bind=reader, info=dict(self.session_info))
            tenancy.bind_tenant(session, tenant_id)
            try:
                yield session
            finally:
                session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _forget_pool(database: weakref.ref[Database]) -> None:
    found = database()
    if found is not None:
        found.engine.dispose(close=False)


def take_turns(session: Session, names: Iterable[str]) -> None:
    """Transactions naming the same turn run one after the other (PostgreSQL transaction-
    scoped advisory locks, taken in sorted order in one statement so that two callers can
    never wait on each other). SQLite runs one writing transaction at a time anyway."""
    wanted = sorted(set(names))
    if not session.info.get("is_postgres") or not wanted:
        return
    session.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0))"
            " FROM (SELECT unnest(CAST(:names AS text[])) AS k ORDER BY 1) AS sorted"
        ),
        {"names": wanted},
    )


def after_commit(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` once this session's unit of work has committed (never if it rolls back)."""
    session.info.setdefault("after_commit", []).append(fn)


def on_close(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` when the unit of work ends, whatever the outcome."""
    session.info.setdefault("on_close", []).append(fn)


def _run_hooks(session: Session, name: str) -> None:
    hooks = session.info.pop(name, [])
    for fn in hooks:
        try:
            fn()
        except Exception:  # a hook failing must not undo or hide the transaction's outcome
            log.exception("%s hook failed", name)


def json_list_contains(session: Session, column: Any, value: str) -> Any:
    """SQL for "the JSON array in `column` contains the string `value`", on both databases."""
    if session.info.get("is_postgres"):
        return column.op("@>")(func.jsonb_build_array(value))
    items = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(items).where(items.c.value == value))


class WouldDiscardWrites(RuntimeError):
    """`end_transaction()` on a transaction that wrote something."""


def end_transaction(session: Session) -> None:
    """End a transaction that wrote nothing, so that the next statements start afresh (a
    new snapshot, no locks held). The unit of work carries on: the next statement opens a
    new transaction (bound to the same tenant). Refuses, rather than silently rolling back,
    a transaction that wrote anything: pending ORM changes, flushed rows, or Core
    INSERT/UPDATE/DELETE statements (`wrote_in_transaction`)."""
    if session.new or session.dirty or session.deleted:
        raise WouldDiscardWrites("end_transaction() would discard unflushed changes")
    if wrote_in_transaction(session):
        raise WouldDiscardWrites(
            "end_transaction() would roll back rows this transaction wrote; commit them "
            "(end the unit of work) first"
        )
    session.rollback()


def wrote_in_transaction(session: Session) -> bool:
    """Whether the session's open transaction has executed a write statement."""
    if not session.in_transaction():
        return False
    connection = session.connection()
    return bool(connection.info.get(_WROTE))


_WROTE = "gigkit_wrote"
_WRITE_VERBS = ("insert", "update", "delete", "merge", "copy", "truncate", "with")


def _track_writes(engine: Engine) -> None:
    """Mark a connection's transaction as written as soon as a write statement runs on it;
    cleared when a transaction begins. (`WITH` counts as a write: a CTE may modify.)"""

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.info[_WROTE] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, _cursor: Any, statement: str, _p: Any, context: Any, _m: Any) -> None:
        if conn.info.get(_WROTE):
            return
        if context is not None and (context.isinsert or context.isupdate or context.isdelete):
            conn.info[_WROTE] = True
            return
        verb = statement.lstrip(" \n\t(").split(None, 1)[0].lower() if statement.strip() else ""
        if verb in _WRITE_VERBS:
            conn.info[_WROTE] = True


def keyring_of(session: Session) -> Keyring:
    keyring: Keyring = session.info["keyring"]
    return keyring


def make_engine(url: str, *, check_role: bool = True, pooler: str = "") -> Engine:
    """`pooler="transaction"` (PgBouncer): no server-side prepared statements, whose names
    another server connection does not know; all else gigkit sets is transaction-local."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        _track_writes(engine)
        return engine
    # No pre-ping: a round trip on every unit of work (a fifth of a ledger posting's
    # throughput, bench/ledger.py). A dropped connection fails one request with 503 (nothing
    # written); SQLAlchemy then invalidates the pool, so the next request reconnects.
    args = {"prepare_threshold": None} if pooler == "transaction" else {}
    engine = create_engine(url, pool_size=5, max_overflow=5, pool_recycle=1800, connect_args=args)
    if check_role:
        event.listen(engine, "first_connect", _refuse_privileged_role)
    _track_writes(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Real transactions on SQLite: BEGIN IMMEDIATE serialises writers (embedded mode);
    `Database.read_only` readers take a deferred BEGIN instead."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class UnsafeDatabaseRole(RuntimeError):
    """The application would connect as a role that row-level security does not bind."""


# Every role the application role must neither be nor be a member of (directly or through
# other roles, with or without INHERIT: a member can always `SET ROLE`), with why. Owning a
# table (or being able to act as its owner) allows `ALTER TABLE ... NO FORCE ROW LEVEL
# SECURITY`, after which the owner reads every tenant; owning a schema on the search path
# allows dropping or shadowing its tables. CREATEROLE on PostgreSQL 15 and earlier may grant
# itself membership in any role but a superuser (the owner, pg_execute_server_program...);
# 16 narrowed that to roles it holds ADMIN OPTION on, but the application never manages
# roles, so it is refused everywhere. REPLICATION can decode every table's changes from a
# logical replication slot; the server-file roles can read the data files or run programs
# as the server's OS user.
_PRIVILEGED_ROLES = """
SELECT r.rolname, c.why
FROM (
    SELECT oid, 1, 'is a superuser' FROM pg_roles WHERE rolsuper
    UNION ALL SELECT oid, 2, 'has BYPASSRLS' FROM pg_roles WHERE rolbypassrls
    UNION ALL SELECT oid, 6, 'has CREATEROLE' FROM pg_roles WHERE rolcreaterole
    UNION ALL SELECT oid, 7, 'has REPLICATION' FROM pg_roles WHERE rolreplication
    UNION ALL SELECT oid, 8, 'may read or write server files or run server programs'
        FROM pg_roles WHERE rolname IN
        ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program')
    UNION ALL SELECT datdba, 5, format('owns database %I', datname)
        FROM pg_database WHERE datname = current_database()
    UNION ALL SELECT nspowner, 4, format('owns schema %I', nspname)
        FROM pg_namespace WHERE nspname = ANY (current_schemas(false))
    UNION ALL (
        SELECT DISTINCT ON (c.relowner) c.relowner, 3, format('owns %s %I.%I',
            CASE WHEN c.relkind IN ('r', 'p') THEN 'table' WHEN c.relkind = 'S' THEN 'sequence'
                 ELSE 'view' END, n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        ORDER BY c.relowner, c.relkind NOT IN ('r', 'p'), n.nspname, c.relname)
    UNION ALL (
        SELECT DISTINCT ON (p.proowner) p.proowner, 5, format('owns function %I.%I', n.nspname,
            p.proname)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY (current_schemas(false))
        ORDER BY p.proowner, n.nspname, p.proname)
) AS c (role, rank, why)
JOIN pg_roles r ON r.oid = c.role
WHERE pg_has_role(current_user, c.role, 'MEMBER')
ORDER BY r.rolname <> current_user, c.rank, r.rolname, c.why
"""


def _refuse_privileged_role(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("SELECT current_user")
    (name,) = cursor.fetchone()
    cursor.execute(_PRIVILEGED_ROLES)
    found = cursor.fetchall()
    cursor.close()
    if found:
        reasons = [
            why if role == name else f"is a member of {role!r}, which {why}" for role, why in found
        ]
        more = f" (and {len(reasons) - 2} more)" if len(reasons) > 2 else ""
        raise UnsafeDatabaseRole(
            f"DATABASE_URL connects as {name!r}, which {'; '.join(reasons[:2])}{more}: "
            "row-level security would not bind it, or it could lift it. Connect as the "
            "application role (see docs/deploy.md) or set GIGKIT_ALLOW_UNSAFE_DB_ROLE=1 for local "
            "experiments."
        )


# Sessions carry the tenant; these listeners enforce it on every ORM statement.
tenancy.install(Session)
stamps.install(Session)  # created_at/updated_at from the unit of work's clock

__all__ = [
    "Base",
    "Database",
    "JSONType",
    "TenantScoped",
    "UTCDateTime",
    "WouldDiscardWrites",
    "after_commit",
    "end_transaction",
    "json_list_contains",
    "keyring_of",
    "on_close",
    "wrote_in_transaction",
]


TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


def is_transient(error: OperationalError) -> bool:
    """A serialization failure or a deadlock: the transaction was rolled back and running
    it again, in a fresh unit of work, is safe and likely to succeed."""
    return sqlstate(error) in TRANSIENT_SQLSTATES


def sqlstate(error: OperationalError) -> str | None:
    return getattr(error.orig, "sqlstate", None)
