"""Time stamps (`created_at`, `updated_at`, ...) from the unit of work's clock.

A column declared with `stamped()` is filled with `now(session)` when its row is inserted and
left empty; `stamped(on_update=True)` is also set again whenever its row is updated without
the update naming it. One mechanism, two entry points, both on the session (so both read the
clock bound to that unit of work, `core/time.py`):

- the flush (`before_flush`): new objects get their empty stamps; changed objects get their
  `on_update` stamps unless the change itself set them;
- an ORM `update()` statement run through the session (`do_orm_execute`): the `on_update`
  stamps it does not set are added to its SET clause.

Not covered, by design: Core `insert()` statements (they name every value, as the ledger's do;
a stamp left out fails on the column's NOT NULL) and raw SQL text. Nothing here has a
Python-side column default: a column default could not see the session, hence its clock.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, mapped_column
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.properties import MappedColumn

from app.core.time import now

STAMP = "gigkit_stamp"
Kind = Literal["insert", "update"]


def stamped(*, on_update: bool = False, **kwargs: Any) -> MappedColumn[Any]:
    """A time stamp column: `now(session)` on insert when empty (and on every update that
    does not set it, with `on_update=True`)."""
    info = {**kwargs.pop("info", {}), STAMP: "update" if on_update else "insert"}
    return mapped_column(info=info, **kwargs)


_by_mapper: dict[Mapper[Any], tuple[tuple[str, Kind], ...]] = {}
_on_update: dict[str, list[Any]] = {}  # table name -> its `on_update` stamp columns


def stamps_of(mapper: Mapper[Any]) -> tuple[tuple[str, Kind], ...]:
    """`(attribute, kind)` of the mapper's stamped columns."""
    found = _by_mapper.get(mapper)
    if found is None:
        found = _by_mapper[mapper] = tuple(
            (key, column.info[STAMP])
            for key, column in mapper.columns.items()
            if STAMP in column.info
        )
    return found


def stamp_flush(session: Session) -> None:
    """Fill the stamps of what this flush will write (the `before_flush` listener)."""
    instant = None
    for obj in session.new:
        for key, _kind in stamps_of(inspect(obj).mapper):
            if getattr(obj, key) is None:
                instant = instant or now(session)
                setattr(obj, key, instant)
    for obj in session.dirty:
        state = inspect(obj)
        keys = [key for key, kind in stamps_of(state.mapper) if kind == "update"]
        if not keys or not session.is_modified(obj, include_collections=False):
            continue
        for key in keys:
            if not get_history(obj, key).has_changes():  # not `state.attrs`: builds them all
                instant = instant or now(session)
                setattr(obj, key, instant)


def stamp_update(state: ORMExecuteState) -> None:
    """Add the `on_update` stamps an UPDATE statement leaves out (the `do_orm_execute`
    listener)."""
    if not state.is_update:
        return
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    if table is None:
        return
    wanted = _on_update.get(table.name)
    if wanted is None:
        wanted = _on_update[table.name] = [c for c in table.c if c.info.get(STAMP) == "update"]
    if not wanted:
        return
    named = {getattr(key, "name", key) for key in (getattr(statement, "_values", None) or {})}
    ordered = getattr(statement, "_ordered_values", None) or ()
    named |= {getattr(key, "name", key) for key, _ in ordered}
    missing = [c for c in wanted if c.name not in named]
    if missing:
        instant = now(state.session)
        mapper = state.bind_mapper
        keys = [mapper.get_property_by_column(c).key if mapper else c.name for c in missing]
        state.statement = statement.values(dict.fromkeys(keys, instant))


def install(session_class: type[Session]) -> None:
    """Attach the listeners to a Session class (done once, in core.db)."""
    event.listen(session_class, "before_flush", lambda session, _ctx, _objs: stamp_flush(session))
    event.listen(session_class, "do_orm_execute", stamp_update)
