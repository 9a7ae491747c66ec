"""The relay: undispatched events become deliveries (`relay`, `relay_job`, subscribed to
every commit that records events), and `restart_overdue` restarts lost delivery jobs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core import time as clock
from app.core.events import Event
from app.webhooks.delivery import deliver_job, new_delivery
from app.webhooks.endpoints import matches
from app.webhooks.models import WebhookDelivery, WebhookEndpoint

RELAY_BATCH = 500


def relay(session: Session) -> tuple[int, set[str]]:
    """Turn undispatched events into deliveries: how many events were relayed, and the ids
    of the endpoints that got some. An endpoint gets the events recorded after it was
    created and that its filter matches."""
    pending = session.scalars(
        select(Event)
        .where(Event.dispatched_at.is_(None))
        .order_by(Event.created_at, Event.id)
        .limit(RELAY_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if not pending:
        return 0, set()
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True))
    ).all()
    now, touched = clock.now(session), set()
    for event in pending:
        for endpoint in endpoints:
            if endpoint.created_at <= event.created_at and matches(
                endpoint.event_types, event.type
            ):
                new_delivery(session, endpoint, event, origin="event")
                touched.add(endpoint.id)
        event.dispatched_at = now
    session.flush()
    if len(pending) == RELAY_BATCH:
        jobs.enqueue(session, relay_job)  # there may be more
    return len(pending), touched


@jobs.job("webhooks", coalesce_on=(), drain=True)
def relay_job(session: Session) -> int:
    """Job: relay the tenant's new events and start delivering them; returns how many
    events it relayed. It drains (`core/jobs.py`): under a stream of writes, one job keeps
    relaying what arrives instead of one job per request."""
    relayed, touched = relay(session)
    for endpoint_id in sorted(touched):
        jobs.enqueue(session, deliver_job, background=True, endpoint_id=endpoint_id)
    return relayed


events.subscribe(relay_job)


def restart_overdue(session: Session) -> int:
    """Restart delivery to the endpoints whose due deliveries have been waiting too long
    (their job was lost: Redis was down, or a worker died); returns how many endpoints."""
    overdue_after = dt.timedelta(seconds=session.info["settings"].webhook_overdue_seconds)
    now = clock.now(session)
    overdue = session.scalars(
        select(WebhookDelivery.endpoint_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now - overdue_after,
            # paused or busy: a job is due back anyway; lost jobs are found after
            or_(WebhookEndpoint.paused_until.is_(None), WebhookEndpoint.paused_until <= now),
            or_(WebhookEndpoint.busy_until.is_(None), WebhookEndpoint.busy_until <= now),
        )
        .distinct()
    ).all()
    for endpoint_id in overdue:
        jobs.enqueue(session, deliver_job, background=True, endpoint_id=endpoint_id)
    return len(overdue)
