"""Reading the outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.core import events
from app.core.errors import NotFound
from app.core.events import Event
from app.core.pagination import Page, Position


def get_event(session: Session, event_id: str) -> Event:
    event = events.get(session, event_id)
    if event is None:
        raise NotFound("No such event.")
    return event


def list_events(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    type: str | None = None,
    created_gte: dt.datetime | None = None,
) -> Page[Event]:
    return events.list_(session, limit=limit, cursor=cursor, type=type, created_gte=created_gte)
