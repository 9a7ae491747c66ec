"""The current tenant, in two independent layers.

1. **ORM filter** (every database): a session carries its tenant in `session.info`. Every
   ORM SELECT/UPDATE/DELETE touching a `TenantScoped` model gets
   `with_loader_criteria(tenant_id == <tenant>)`; a statement on tenant tables with no tenant
   bound raises instead of reading everything. New rows get `tenant_id` stamped from the
   session; a row naming another tenant is refused. The only way past the filter is the
   `skip_tenant_filter` execution option, allowed in the credential lookups only (an
   architecture test keeps that list short).
2. **Row-level security** (PostgreSQL): at the start of every transaction the session runs
   `set_config('app.tenant_id', <tenant>, true)` (transaction-local, like `SET LOCAL`), and
   the policies on every tenant table compare against it. The application role owns no
   table and cannot bypass RLS, so a forgotten filter, raw SQL or a bug in layer 1 still
   cannot read or write another tenant's rows.

Authentication must find a credential before it knows the tenant. For that one lookup,
`set_credential_lookup()` puts the *hash* of the presented secret in `app.credential_lookup`;
credential tables have a second, SELECT-only policy matching exactly that hash, so the
database only shows a credential row to someone who holds the secret. `find_credential()`
is that lookup, for every credential table (API keys, OAuth clients and tokens, signing
links): find the row, then bind the session to the row's tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, event, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql.util import find_tables


class TenantRequired(RuntimeError):
    """A tenant-scoped statement ran with no tenant bound to the session."""


class TenantMismatch(RuntimeError):
    """A session was asked to switch tenants, or a row names another tenant."""


def bind_tenant(session: Session, tenant_id: str) -> None:
    """Bind the session (and, on PostgreSQL, its open transaction) to one tenant, for good.
    Any credential lookup in progress ends here."""
    current = session.info.get("tenant_id")
    if current is not None and current != tenant_id:
        raise TenantMismatch("a session never changes tenant")
    if current == tenant_id and "credential_lookup" not in session.info:
        return  # already bound, transaction included (one round trip saved per request)
    session.info["tenant_id"] = tenant_id
    had_lookup = session.info.pop("credential_lookup", None) is not None
    if session.info.get("is_postgres") and session.in_transaction():
        gucs = {"app.tenant_id": tenant_id}
        if had_lookup:
            gucs["app.credential_lookup"] = ""
        _set_gucs(session.connection(), gucs)


def tenant_of(session: Session) -> str:
    tenant_id = session.info.get("tenant_id")
    if tenant_id is None:
        raise TenantRequired("no tenant bound to this session")
    return str(tenant_id)


def set_credential_lookup(session: Session, lookup: str) -> None:
    """Let RLS reveal the credential row whose lookup column equals `lookup` (a hash/id).
    Applied when the transaction begins, or at once if it already has."""
    session.info["credential_lookup"] = lookup
    if session.info.get("is_postgres") and session.in_transaction():
        _set_gucs(session.connection(), {"app.credential_lookup": lookup})


def clear_credential_lookup(session: Session) -> None:
    if session.info.pop("credential_lookup", None) is None:
        return
    if session.info.get("is_postgres") and session.in_transaction():
        _set_gucs(session.connection(), {"app.credential_lookup": ""})


Row = TypeVar("Row")


def find_credential(
    session: Session,
    model: type[Row],
    column: InstrumentedAttribute[str],
    value: str,
    *,
    where: Iterable[ColumnElement[bool]] = (),
    bind: bool = True,
) -> Row | None:
    """The row of the credential table `model` whose lookup `column` (a secret's keyed hash,
    or a client id: unique across tenants) equals `value`, and that also matches `where`;
    None if there is none. RLS shows it only because `value` is put in
    `app.credential_lookup` first.

    `bind`: bind the session to the row's tenant (the caller has proved it holds the
    credential). On PostgreSQL that rides on the SELECT itself: the row's own `tenant_id` is
    set as `app.tenant_id`, and the lookup cleared, in its select list, which is evaluated
    for the found row only; one round trip fewer on every authenticated request. Without
    `bind`, a session already bound keeps its tenant filter (the row must be its tenant's),
    and the lookup ends here."""
    bound = session.info.get("tenant_id") is not None
    set_credential_lookup(session, value)
    statement: Any = select(model).where(column == value, *where)
    statement = statement.execution_options(skip_tenant_filter=not bound)
    on_select = bind and not bound and bool(session.info.get("is_postgres"))
    if on_select:
        tenant: Any = getattr(model, "tenant_id")  # noqa: B009 (every credential model has it)
        statement = statement.add_columns(
            func.set_config("app.tenant_id", tenant, True),
            func.set_config("app.credential_lookup", "", True),
        )
    found = session.execute(statement).one_or_none()
    row = None if found is None else found[0]
    if row is None or not bind:
        clear_credential_lookup(session)
        return row
    tenant_id = str(getattr(row, "tenant_id"))  # noqa: B009
    if on_select:  # the transaction is bound already: only the session learns it
        session.info["tenant_id"] = tenant_id
        session.info.pop("credential_lookup", None)
    else:
        bind_tenant(session, tenant_id)
    return row


def find_credentials(
    session: Session,
    model: type[Row],
    column: InstrumentedAttribute[str],
    value: str,
    *,
    where: Iterable[ColumnElement[bool]] = (),
) -> list[Row]:
    """Every row of `model`, in any tenant, whose lookup `column` equals `value` (and that
    matches `where`): for a lookup not unique across tenants (an admin's email, where the
    password then picks the row). The session is not bound; the caller binds it to the
    row it chooses (`bind_tenant`)."""
    set_credential_lookup(session, value)
    try:
        statement = select(model).where(column == value, *where)
        return list(session.scalars(statement.execution_options(skip_tenant_filter=True)))
    finally:
        clear_credential_lookup(session)


def _set_gucs(connection: Any, values: dict[str, str]) -> None:
    """Transaction-local settings (`SET LOCAL`), all in one round trip."""
    names = list(values)
    columns = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
    params = {f"n{i}": n for i, n in enumerate(names)} | {
        f"v{i}": values[n] for i, n in enumerate(names)
    }
    connection.execute(text(f"SELECT {columns}"), params)


def _is_tenant_scoped(cls: type) -> bool:
    return bool(getattr(cls, "__tenant_scoped__", False))


def _touches_tenant_tables(state: ORMExecuteState) -> bool:
    if any(_is_tenant_scoped(m.class_) for m in state.all_mappers):
        return True
    statement: Any = state.statement
    tables = find_tables(statement, include_aliases=True, include_crud=True)
    return any("tenant_id" in getattr(t, "c", ()) and t.name != "tenants" for t in tables)


def install(session_class: type[Session]) -> None:
    """Attach the listeners to a Session class (done once, in core.db)."""
    from app.core.db import TenantScoped  # the mixin lives beside the engine

    @event.listens_for(session_class, "after_begin")
    def _after_begin(session: Session, transaction: Any, connection: Any) -> None:
        if not session.info.get("is_postgres") or transaction.nested:
            return  # a savepoint keeps the settings of the transaction around it
        gucs = {
            name: session.info[key]
            for key, name in (
                ("tenant_id", "app.tenant_id"),
                ("credential_lookup", "app.credential_lookup"),
            )
            if session.info.get(key) is not None
        }
        if gucs:
            _set_gucs(connection, gucs)

    @event.listens_for(session_class, "do_orm_execute")
    def _filter(state: ORMExecuteState) -> None:
        if not (state.is_select or state.is_update or state.is_delete):
            return
        if state.is_column_load or state.is_relationship_load:
            return  # criteria added to the parent statement propagate to these loads
        if state.execution_options.get("skip_tenant_filter", False):
            return
        tenant_id = state.session.info.get("tenant_id")
        if tenant_id is None:
            if _touches_tenant_tables(state):
                raise TenantRequired("tenant-scoped query with no tenant bound to the session")
            return
        # Always add the criteria when a tenant is bound: `all_mappers` misses statements
        # such as select(func.count()).select_from(Worker), which the criteria still filter.
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
            )
        )

    @event.listens_for(session_class, "before_flush")
    def _stamp(session: Session, _context: Any, _instances: Any) -> None:
        new = [obj for obj in session.new if _is_tenant_scoped(type(obj))]
        if not new:
            return
        tenant_id = session.info.get("tenant_id")
        if tenant_id is None:
            raise TenantRequired("inserting tenant-scoped rows with no tenant bound")
        for obj in new:
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise TenantMismatch("row belongs to another tenant")
