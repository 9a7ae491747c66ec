"""Domain events, written to the outbox in the same transaction as the change (R-OUTBOX-1).

A block calls `record(session, type="worker.created", data={...})` where it makes the change;
if the transaction rolls back, the event never existed. Events are immutable facts: the
payload is the object as the API showed it at that moment. `GET /v1/events` lets integrators
poll; webhook delivery (a later block) reads the same rows, so both see the same history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import Base, JSONType, TenantScoped
from app.core.ids import new_id
from app.core.pagination import Page, paginate
from app.core.time import utcnow


class Event(TenantScoped, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index(None, "tenant_id", "created_at", "id"),
        Index(None, "tenant_id", "type", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    request_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def record(
    session: Session, *, type: str, data: dict[str, Any], request_id: str | None = None
) -> Event:
    event = Event(id=new_id("evt"), type=type, data=data, request_id=request_id)
    session.add(event)
    return event


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
