"""Webhook endpoints: their CRUD and secret rotation, test sends, redelivery and recovery,
the listing of their deliveries and of events, and event-type filters (`matches`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, true
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import InvalidState, NotFound, ValidationFailed, field_error
from app.core.events import Event
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.tenants import service as tenants
from app.webhooks import signing, transport
from app.webhooks.delivery import disable, new_delivery, seal
from app.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import WebhookEndpointSchema

MAX_FILTERS = 50
RECOVER_BATCH = 500

TEST = events.declare(
    "webhook_endpoint.test",
    "Sent by `POST /v1/webhook-endpoints/{id}/test`, to that endpoint only. "
    "`data.object`: the endpoint.",
)

_endpoint_view = WebhookEndpointSchema()


@dataclass(frozen=True)
class WithSecret:
    """An endpoint as returned when its secret is shown (create, rotate)."""

    endpoint: WebhookEndpoint
    secret: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.endpoint, name)


# --- events ------------------------------------------------------------------------------------


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


# --- event-type filters ------------------------------------------------------------------------


def matches(patterns: Sequence[str], event_type: str) -> bool:
    return any(
        p == "*" or p == event_type or (p.endswith(".*") and event_type.startswith(p[:-1]))
        for p in patterns
    )


def _checked_filters(patterns: list[str]) -> list[str]:
    if not patterns:
        raise _invalid("event_types", "At least one event type (or `*` for all).")
    if len(patterns) > MAX_FILTERS:
        raise _invalid("event_types", f"At most {MAX_FILTERS} entries.")
    for p in patterns:
        if not any(matches([p], known) for known in events.TYPES):
            raise _invalid("event_types", f"Unknown event type {p!r}.")
    return list(dict.fromkeys(patterns))


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[field_error(field, message)])


# --- endpoints ---------------------------------------------------------------------------------


def create_endpoint(
    session: Session,
    *,
    actor: Actor,
    url: str,
    event_types: list[str],
    description: str = "",
    enabled: bool = True,
    metadata: dict[str, str] | None = None,
) -> WithSecret:
    """A new endpoint and its signing secret (returned here only)."""
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        id=new_id("we"),
        url=_checked_url(session, url),
        description=description,
        event_types=_checked_filters(event_types),
        enabled=enabled,
        disabled_reason=None if enabled else "manual",
        disabled_at=None if enabled else clock.now(session),
        secret_ciphertext=seal(session, secret),
        metadata_=metadata or {},
        created_at=clock.now(session),
    )
    session.add(endpoint)
    session.flush()
    _audit(session, actor, "webhook_endpoint.created", endpoint, {"url": endpoint.url})
    return WithSecret(endpoint, secret)


def get_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    found = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
    ).one_or_none()
    if found is None:
        raise NotFound("No such webhook endpoint.")
    return found


def list_endpoints(
    session: Session, *, limit: int, cursor: Position | None = None, enabled: bool | None = None
) -> Page[WebhookEndpoint]:
    stmt = select(WebhookEndpoint)
    if enabled is not None:
        stmt = stmt.where(WebhookEndpoint.enabled.is_(enabled))
    return paginate(session, stmt, WebhookEndpoint, limit=limit, cursor=cursor)


def update_endpoint(
    session: Session, *, actor: Actor, endpoint_id: str, **changes: Any
) -> WebhookEndpoint:
    endpoint = _locked(session, endpoint_id)
    if "url" in changes:
        endpoint.url = _checked_url(session, changes["url"])
    if "event_types" in changes:
        endpoint.event_types = _checked_filters(changes["event_types"])
    if "description" in changes:
        endpoint.description = changes["description"]
    if "metadata" in changes:
        merged = {**endpoint.metadata_, **changes["metadata"]}
        endpoint.metadata_ = {k: v for k, v in merged.items() if v != ""}
    if changes.get("enabled") is True and not endpoint.enabled:
        endpoint.enabled, endpoint.disabled_reason, endpoint.disabled_at = True, None, None
        endpoint.failing_since, endpoint.failure_streak, endpoint.paused_until = None, 0, None
    elif changes.get("enabled") is False and endpoint.enabled:
        disable(session, endpoint, "manual", actor=actor)
    endpoint.updated_at = clock.now(session)
    session.flush()
    _audit(session, actor, "webhook_endpoint.updated", endpoint, {"fields": sorted(changes)})
    return endpoint


def delete_endpoint(session: Session, *, actor: Actor, endpoint_id: str) -> None:
    """The endpoint, its deliveries and their attempts are deleted."""
    endpoint = _locked(session, endpoint_id)
    _audit(session, actor, "webhook_endpoint.deleted", endpoint, {"url": endpoint.url})
    session.execute(
        delete(WebhookAttempt).where(
            WebhookAttempt.delivery_id.in_(
                select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
            )
        )
    )
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id))


def rotate_secret(
    session: Session, *, actor: Actor, endpoint_id: str, overlap_seconds: int
) -> WithSecret:
    """A new secret; the current one keeps signing beside it for `overlap_seconds`."""
    endpoint = _locked(session, endpoint_id)
    if not endpoint.enabled:
        raise InvalidState("Enable the endpoint before rotating its secret.")
    secret, now = signing.new_secret(), clock.real_now(session)  # (never a test clock)
    if overlap_seconds > 0:
        endpoint.previous_secret_ciphertext = endpoint.secret_ciphertext
        endpoint.previous_secret_expires_at = now + dt.timedelta(seconds=overlap_seconds)
    else:
        endpoint.previous_secret_ciphertext = endpoint.previous_secret_expires_at = None
    endpoint.secret_ciphertext = seal(session, secret)
    endpoint.secret_rotated_at = endpoint.updated_at = now
    session.flush()
    _audit(
        session,
        actor,
        "webhook_endpoint.secret_rotated",
        endpoint,
        {"overlap_seconds": overlap_seconds},
    )
    return WithSecret(endpoint, secret)


def send_test(session: Session, *, actor: Actor, endpoint_id: str) -> WebhookDelivery:
    """A `webhook_endpoint.test` event, delivered to this endpoint only."""
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise InvalidState("The endpoint is disabled.")
    event = events.record(
        session,
        type=TEST,
        data={"object": _endpoint_view.dump(endpoint)},
        request_id=actor.request_id,
        dispatched=True,
    )
    session.flush()
    return new_delivery(session, endpoint, event, origin="test")


def redeliver(
    session: Session, *, actor: Actor, event_id: str, endpoint_id: str | None = None
) -> list[WebhookDelivery]:
    """Send an event again (same `webhook-id`, a fresh timestamp and signature): to one
    endpoint, or to every enabled endpoint whose filter matches it."""
    event = get_event(session, event_id)
    if endpoint_id is not None:
        endpoint = get_endpoint(session, endpoint_id)
        if not endpoint.enabled:
            raise InvalidState("The endpoint is disabled.")
        targets = [endpoint]
    elif event.type == TEST:  # a test event belongs to the endpoint it tested
        targets = list(
            session.scalars(
                select(WebhookEndpoint).where(
                    WebhookEndpoint.id == event.data["object"]["id"],
                    WebhookEndpoint.enabled.is_(True),
                )
            )
        )
    else:
        enabled = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)))
        targets = [e for e in enabled if matches(e.event_types, event.type)]
    return [new_delivery(session, e, event, origin="redelivery") for e in targets]


def recover(
    session: Session,
    *,
    actor: Actor,
    endpoint_id: str,
    since: dt.datetime,
    until: dt.datetime | None = None,
) -> tuple[list[WebhookDelivery], bool]:
    """Resend to the endpoint every event of the window that its filter matches and that it
    has not received: failed deliveries, and events recorded while it was disabled. Events
    with a pending or succeeded delivery to it are skipped, so calling again is harmless.
    At most RECOVER_BATCH at a time; True when more remain."""
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise InvalidState("The endpoint is disabled.")
    received = (
        select(WebhookDelivery.event_id)
        .where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.status.in_(("pending", "succeeded")),
        )
        .scalar_subquery()
    )
    missed = session.scalars(
        select(Event)
        .where(
            Event.created_at >= since,
            Event.created_at < (until or clock.now(session)),
            Event.dispatched_at.is_not(None),  # undispatched ones are the relay's
            Event.type != TEST,
            _type_filter(endpoint.event_types),
            Event.id.not_in(received),
        )
        .order_by(Event.created_at, Event.id)
        .limit(RECOVER_BATCH + 1)
    ).all()
    more = len(missed) > RECOVER_BATCH
    return _resend(session, endpoint, missed[:RECOVER_BATCH]), more


def _type_filter(patterns: Sequence[str]) -> ColumnElement[bool]:
    """`matches` in SQL."""
    if "*" in patterns:
        return true()
    return or_(
        *(
            Event.type.startswith(p[:-1], autoescape=True) if p.endswith(".*") else Event.type == p
            for p in patterns
        )
    )


def _resend(
    session: Session, endpoint: WebhookEndpoint, missed: Sequence[Event]
) -> list[WebhookDelivery]:
    return [new_delivery(session, endpoint, event, origin="redelivery") for event in missed]


def list_deliveries(
    session: Session,
    *,
    endpoint_id: str,
    limit: int,
    cursor: Position | None = None,
    status: str | None = None,
    event_id: str | None = None,
) -> Page[WebhookDelivery]:
    get_endpoint(session, endpoint_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    if event_id:
        stmt = stmt.where(WebhookDelivery.event_id == event_id)
    return paginate(session, stmt, WebhookDelivery, limit=limit, cursor=cursor)


def get_delivery(session: Session, *, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
    """One of the endpoint's deliveries (NotFound: no such delivery of that endpoint)."""
    found = session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id
        )
    ).one_or_none()
    if found is None:
        raise NotFound("No such delivery.")
    return found


def _locked(session: Session, endpoint_id: str) -> WebhookEndpoint:
    found = session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such webhook endpoint.")
    return found


def _checked_url(session: Session, url: str) -> str:
    settings = session.info["settings"]
    live = tenants.get_current(session).mode == "live"
    # The development setting never opens live mode to private addresses.
    allow_private = settings.webhook_allow_private and not live
    problems = transport.url_problems(url, live=live, allow_private=allow_private)
    if problems:
        raise _invalid("url", problems[0])
    return url


def _audit(
    session: Session, actor: Actor, action: str, endpoint: WebhookEndpoint, data: dict[str, Any]
) -> None:
    tenants.record_audit(
        session,
        actor=actor,
        action=action,
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        data=data,
    )
