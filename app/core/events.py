"""Domain events, written to the outbox in the same transaction as the change (R-OUTBOX-1).

A block declares its event types once (`PAID = declare("payout.paid", "...")`) and calls
`record(session, type=PAID, data={"object": ...})` where it makes the change; if the
transaction rolls back, the event never existed. Events are immutable facts: the payload is
the object as the API showed it at that moment. `GET /v1/events` lets integrators poll;
webhook delivery reads the same rows, so both see the same history.

`dispatched_at` is the outbox's only mutable column: NULL until the webhook relay has made
the event's deliveries. Whoever wants to hear about new events (the relay) `subscribe()`s a
job function; it is enqueued once after every unit of work that recorded an event commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core import bulk, jobs, metrics
from app.core import time as clock
from app.core.db import Base, JSONType, TenantScoped, after_commit
from app.core.ids import new_id
from app.core.pagination import Page, paginate
from app.core.stamps import stamped

TYPES: dict[str, str] = {}  # every event type there is -> what it means
_subscribers: list[Callable[..., Any]] = []


def declare(type: str, description: str) -> str:
    """Register an event type (dot-delimited, `[a-z_]` segments); returns it."""
    TYPES[type] = description
    return type


def subscribe(job: Callable[..., Any]) -> None:
    """Enqueue `job(session)` after each commit of a unit of work that recorded events."""
    if job not in _subscribers:
        _subscribers.append(job)


class Event(TenantScoped, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "type", "created_at"),
        Index(None, "tenant_id", "dispatched_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    request_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = stamped()
    dispatched_at: Mapped[dt.datetime | None] = mapped_column()


def record(
    session: Session,
    *,
    type: str,
    data: dict[str, Any],
    request_id: str | None = None,
    dispatched: bool = False,
) -> Event:
    """Write an event into the outbox. `dispatched=True`: never relayed (a test event the
    caller delivers itself)."""
    if type not in TYPES:
        raise ValueError(f"undeclared event type {type!r}: declare() it first")
    now = clock.now(session)
    event = Event(
        id=new_id("evt"),
        type=type,
        data=data,
        request_id=request_id,
        created_at=now,
        dispatched_at=now if dispatched else None,
    )
    _count(session, type)
    held = session.info.get(_HELD)
    if held is not None:
        held.append(event)
    else:
        session.add(event)
    if not dispatched and not session.info.get("events_recorded"):
        session.info["events_recorded"] = True
        for job in _subscribers:
            jobs.enqueue(session, job)
    return event


_HELD = "events_held"
_COUNTED = "events_counted"


def _count(session: Session, type: str) -> None:
    """`gigkit_events_total`, once the unit of work commits."""
    counts: dict[str, int] | None = session.info.get(_COUNTED)
    if counts is None:
        counts = session.info[_COUNTED] = {}
        after_commit(session, lambda: metrics.count_events(counts))
    counts[type] = counts.get(type, 0) + 1


@contextmanager
def held_back(session: Session) -> Iterator[None]:
    """Events recorded inside are written together when the block ends without an error
    (and dropped with it otherwise): one INSERT (`core.bulk`), rather than a few with every
    flush the block happens to make."""
    if _HELD in session.info:  # an enclosing block adds them
        yield
        return
    held: list[Event] = session.info.setdefault(_HELD, [])
    try:
        yield
        bulk.insert_all(session, held)
    finally:
        session.info.pop(_HELD, None)


def get(session: Session, event_id: str) -> Event | None:
    return session.scalars(select(Event).where(Event.id == event_id)).one_or_none()


def list_(
    session: Session,
    *,
    limit: int,
    cursor: tuple[dt.datetime, str] | None,
    type: str | None = None,
    created_gte: dt.datetime | None = None,
) -> Page[Event]:
    stmt = select(Event)
    if type:
        stmt = stmt.where(Event.type == type)
    if created_gte:
        stmt = stmt.where(Event.created_at >= created_gte)
    return paginate(session, stmt, Event, limit=limit, cursor=cursor)
