"""Time stamps (`created_at`, `updated_at`, ...) from the unit of work's clock.

A column declared with `stamped()` is filled with `now(session)` when its row is inserted and
left empty; `stamped(on_update=True)` is also set again whenever its row is updated without
the update naming it. One mechanism, two entry points, both on the session (so both read the
clock bound to that unit of work, `core/time.py`):

- the flush (`before_flush`): new objects get their empty stamps; changed objects get their
  `on_update` stamps unless the change itself set them;
- an ORM `update()` statement run through the session (`do_orm_execute`): the `on_update`
  stamps it does not set are added to its SET clause.

`OnTestClock` tables (the objects whose life a test clock drives: shifts, holds, payouts...)
have one more stamp, `test_clock_id`: the id of the tenant's test clock when the row was
inserted (`core/time.py`, read once per unit of work with the clock itself), else NULL. It is
filled where `created_at` is, by the flush and by `core.bulk`'s inserts (`stamp_new`), so no
block sets it and none can forget it; nothing changes it afterwards.

Not covered, by design: Core `insert()` statements (they name every value, as the ledger's do;
a stamp left out fails on the column's NOT NULL) and raw SQL text. Nothing here has a
Python-side column default: a column default could not see the session, hence its clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.properties import MappedColumn

from app.core.time import now, test_clock_id

STAMP = "gigkit_stamp"
Kind = Literal["insert", "update", "test_clock"]


def stamped(*, on_update: bool = False, **kwargs: Any) -> MappedColumn[Any]:
    """A time stamp column: `now(session)` on insert when empty (and on every update that
    does not set it, with `on_update=True`)."""
    info = {**kwargs.pop("info", {}), STAMP: "update" if on_update else "insert"}
    return mapped_column(info=info, **kwargs)


class OnTestClock:
    """Mixin for a table whose rows' life a test clock drives: `test_clock_id`, the tenant's
    test clock (`clk_...`) when the row was inserted, else NULL; never changed afterwards.
    No foreign key: the id stays when the clock is deleted, as history."""

    test_clock_id: Mapped[str | None] = mapped_column(
        String(40), info={STAMP: "test_clock"}, sort_order=10
    )


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


def stamp_new(session: Session, objects: Iterable[Any]) -> None:
    """Fill the empty stamps of new objects: the time stamps with `now(session)`, one instant
    for all, and `test_clock_id` with the tenant's test clock (`core/time.py`)."""
    values: dict[bool, Any] = {}  # is a test clock stamp -> its value, read once
    for obj in objects:
        state = obj.__dict__  # not getattr(): an unset attribute is None without a load
        for key, kind in stamps_of(inspect(obj).mapper):
            if state.get(key) is None:
                clocked = kind == "test_clock"
                if clocked not in values:
                    values[clocked] = test_clock_id(session) if clocked else now(session)
                setattr(obj, key, values[clocked])


def stamp_flush(session: Session) -> None:
    """Fill the stamps of what this flush will write (the `before_flush` listener)."""
    stamp_new(session, session.new)
    instant = None
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
