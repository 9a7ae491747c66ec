"""New ORM objects written with one Core INSERT per table, not one ORM flush per row.

`insert_all(session, objects)` writes new mapped objects (already built, every column
set) with one `executemany` per table (pipelined by psycopg on PostgreSQL) and then
attaches them to the session as if they had just been loaded: persistent, clean, in the
identity map, so that later reads, views and changes of them work as for flushed ones. The
unit of work's flush skips its per-row bookkeeping (history, dependency sort, one
parameter set built attribute by attribute), which a batch of 1,000 settlements paid
several times over.

What the flush would have filled is filled here the same way: `tenant_id` from the session
(refusing another tenant's), the stamps (`core.stamps.stamp_new`, as the flush does: the
time stamps from the unit of work's clock, `test_clock_id` from the tenant's test clock),
and a column's Python default (`default=0`, `default=dict`). A column left `None` otherwise
is written NULL (there is no RETURNING: server defaults are not read back, so a model with
one must be given its value). The session is flushed first, so rows these refer to are
written before them; tables are written in the order their first object comes.

`insert_rows(session, model, columns, rows)` is for many plain rows that nobody reads back in
the same unit of work (a batch's items): no ORM object at all, the rows as tuples of the
named columns, `tenant_id` added. On PostgreSQL it is ONE statement of fixed text, whatever
the number of rows: `INSERT ... SELECT ... FROM unnest(:c1, :c2, ...)`, one array parameter
per column (a third of the CPU of a pipelined executemany of 1,000 rows, and one round trip);
elsewhere one executemany. Nothing is stamped: give every NOT NULL column its value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Table, TypeDecorator, insert, inspect, text
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached

from app.core.stamps import stamp_new
from app.core.tenancy import TenantMismatch, tenant_of


def insert_all(session: Session, objects: Sequence[Any]) -> None:
    """INSERT the new objects, one statement per table, and attach them (see above)."""
    if not objects:
        return
    session.flush()
    tables: dict[Mapper[Any], list[Any]] = {}
    for obj in objects:
        tables.setdefault(inspect(obj).mapper, []).append(obj)
    tenant_id = tenant_of(session)
    stamp_new(session, objects)
    connection = session.connection()
    for mapper, found in tables.items():
        rows = [_row(mapper, obj, tenant_id) for obj in found]
        table: Table = mapper.local_table  # type: ignore[assignment]
        connection.execute(insert(table), rows)
    for obj in objects:
        make_transient_to_detached(obj)
    session.add_all(objects)


def _row(mapper: Mapper[Any], obj: Any, tenant_id: str) -> dict[str, Any]:
    """The object's column values for the INSERT, with what a flush would fill filled in."""
    state = obj.__dict__
    if "tenant_id" in mapper.columns:
        if state.get("tenant_id") is None:
            obj.tenant_id = tenant_id
        elif state["tenant_id"] != tenant_id:
            raise TenantMismatch("row belongs to another tenant")
    row: dict[str, Any] = {}
    for key, column in mapper.columns.items():
        value = state.get(key)
        if value is None:
            default = column.default
            if default is not None and default.is_scalar:
                value = default.arg  # type: ignore[attr-defined]
            elif default is not None and default.is_callable:  # e.g. `default=dict`
                value = default.arg(None)  # type: ignore[attr-defined]
            if key not in state or value is not None:
                setattr(obj, key, value)  # loaded, not expired: no SELECT to read it back
        row[column.key] = value
    return row


def insert_rows(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT plain rows of `model` (tuples of `columns`' values) for the session's tenant,
    in one statement on PostgreSQL (see above)."""
    if not rows:
        return
    table: Table = model.__table__
    connection = session.connection()
    dialect = connection.dialect
    names = ["tenant_id", *columns]
    tenant_id = tenant_of(session)
    if dialect.name != "postgresql":
        connection.execute(
            insert(table), [dict(zip(names, (tenant_id, *row), strict=True)) for row in rows]
        )
        return
    selected, arrays = [":tenant_id"], []
    params: dict[str, Any] = {"tenant_id": tenant_id}
    for index, name in enumerate(columns):
        column = table.c[name]
        kind = column.type
        values = [row[index] for row in rows]
        if isinstance(kind.dialect_impl(dialect), JSON):  # as text, each cast to jsonb
            params[f"c{index}"] = [None if v is None else json.dumps(v) for v in values]
            arrays.append(f"CAST(:c{index} AS text[])")
            selected.append(f"CAST(u.c{index} AS jsonb)")
            continue
        if isinstance(kind, TypeDecorator):
            values = [kind.process_bind_param(v, dialect) for v in values]
        params[f"c{index}"] = values
        arrays.append(f"CAST(:c{index} AS {kind.compile(dialect)}[])")
        selected.append(f"u.c{index}")
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    # names from the model, never from input; the values are parameters
    statement = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT {', '.join(selected)}"
    statement += f" FROM unnest({', '.join(arrays)}) AS u({aliases})"
    connection.execute(text(statement), params)
