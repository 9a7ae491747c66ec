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
the number of rows, with ONE parameter: the rows as a JSON document, read back into the
table's own row type (`INSERT ... SELECT ... FROM json_populate_recordset(NULL::table, :rows)`;
a small fraction of the CPU of a pipelined executemany of 1,000 rows, or of an array per
column, and one round trip); elsewhere one executemany. Nothing is stamped: give every NOT
NULL column its value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, insert, inspect, text
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached

from app.core.stamps import stamp_new
from app.core.tenancy import TenantMismatch, tenant_of
from app.core.time import ensure_utc


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
    names = ["tenant_id", *columns]
    tenant_id = tenant_of(session)
    if connection.dialect.name != "postgresql":
        connection.execute(
            insert(table), [dict(zip(names, (tenant_id, *row), strict=True)) for row in rows]
        )
        return
    for name in columns:
        if name not in table.c:
            raise KeyError(f"{table.name} has no column {name!r}")
    listed = ", ".join(columns)
    # names from the model, never from input; the rows are one parameter
    statement = f"INSERT INTO {table.name} (tenant_id, {listed}) SELECT :tenant_id, {listed}"
    statement += f" FROM json_populate_recordset(NULL::{table.name}, :rows)"
    document = json.dumps([dict(zip(columns, row, strict=True)) for row in rows], default=_json)
    connection.execute(text(statement), {"tenant_id": tenant_id, "rows": document})


def _json(value: Any) -> Any:
    """Values JSON has no type for, as PostgreSQL reads them back into their columns."""
    if isinstance(value, dt.datetime):
        return ensure_utc(value).isoformat()
    if isinstance(value, dt.date | Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in a row")
