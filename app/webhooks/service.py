"""Webhooks: the outbox's events delivered to tenants' endpoints, per Standard Webhooks.

- **Relay** (`relay_job`, kicked after every commit that recorded events, and run by the
  periodic `tick`): claims undispatched events (`FOR UPDATE SKIP LOCKED`), makes one
  delivery per matching enabled endpoint and marks the events dispatched, in one
  transaction; then enqueues a delivery job per endpoint. If Redis is down the deliveries
  are already in the database, and `tick` sends them once it can (nothing is lost).
- **Delivery** (`deliver_job`, one endpoint at a time): leases the endpoint, takes its
  oldest due delivery, signs and POSTs it outside any transaction, records the attempt,
  and carries on with the next one while the endpoint answers 2xx. A failed attempt
  pauses the endpoint for the retry schedule's next delay (5 s, 5 min, 30 min, 2 h, 5 h,
  10 h, 14 h, 20 h, 24 h, jittered, or `Retry-After` if longer): a slow or dead endpoint
  holds up only its own deliveries. 410 disables the endpoint; so do 3 days of failures.
- Exactly-once is the receiver's part: a delivery can be sent again if a worker dies
  mid-request, always with the same `webhook-id` (the event id) to deduplicate on.

`clock` is the one source of time here, so tests can move it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, true
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core.auth import Actor
from app.core.db import end_transaction, keyring_of
from app.core.errors import InvalidState, NotFound, ValidationFailed, field_error
from app.core.events import Event
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.core.tenancy import tenant_of
from app.core.time import utcnow
from app.tenants import service as tenants
from app.webhooks import signing, transport
from app.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import EventSchema, WebhookEndpointSchema

clock = utcnow

# Delays before attempts 2..10 (Standard Webhooks' example schedule: the first attempt is
# immediate, the last about 75.6 h after it).
SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
MAX_ATTEMPTS = len(SCHEDULE) + 1
JITTER = 0.1
MAX_RETRY_AFTER = 86400
DISABLE_AFTER = dt.timedelta(days=3)
LEASE_MARGIN = 30  # seconds beyond the request timeout before a lease is presumed dead
RELAY_BATCH = 500
DRAIN_BUDGET = 100  # deliveries per job, then the job makes way for others
DRAIN_SECONDS = 90  # nor longer than this (RQ stops a job after 120 s)
MAX_FILTERS = 50
RECOVER_BATCH = 500

DISABLED = events.declare(
    "webhook_endpoint.disabled",
    "A webhook endpoint was disabled: by you, because it answered 410 Gone, or because "
    "it failed for 3 days. `data.object`: the endpoint (`disabled_reason`).",
)
TEST = events.declare(
    "webhook_endpoint.test",
    "Sent by `POST /v1/webhook-endpoints/{id}/test`, to that endpoint only. "
    "`data.object`: the endpoint.",
)

_endpoint_view = WebhookEndpointSchema()
_event_view = EventSchema()


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
        disabled_at=None if enabled else clock(),
        secret_ciphertext=_seal(session, secret),
        metadata_=metadata or {},
        created_at=clock(),
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
        _disable(session, endpoint, "manual", actor=actor)
    endpoint.updated_at = clock()
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
    secret, now = signing.new_secret(), clock()
    if overlap_seconds > 0:
        endpoint.previous_secret_ciphertext = endpoint.secret_ciphertext
        endpoint.previous_secret_expires_at = now + dt.timedelta(seconds=overlap_seconds)
    else:
        endpoint.previous_secret_ciphertext = endpoint.previous_secret_expires_at = None
    endpoint.secret_ciphertext = _seal(session, secret)
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
    return _new_delivery(session, endpoint, event, origin="test")


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
    return [_new_delivery(session, e, event, origin="redelivery") for e in targets]


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
            Event.created_at < (until or clock()),
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
    return [_new_delivery(session, endpoint, event, origin="redelivery") for event in missed]


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


def _new_delivery(
    session: Session, endpoint: WebhookEndpoint, event: Event, *, origin: str
) -> WebhookDelivery:
    delivery = WebhookDelivery(
        id=new_id("wd"),
        endpoint_id=endpoint.id,
        event_id=event.id,
        event_type=event.type,
        origin=origin,
        relay_key=f"{event.id}:{endpoint.id}" if origin == "event" else None,
        status="pending",
        attempt_count=0,
        next_attempt_at=clock(),
        created_at=clock(),
    )
    session.add(delivery)
    session.flush()
    if origin != "event":
        jobs.enqueue(session, deliver_job, background=True, endpoint_id=endpoint.id)
    return delivery


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


def _disable(
    session: Session, endpoint: WebhookEndpoint, reason: str, *, actor: Actor | None = None
) -> None:
    """Disable the endpoint; its pending deliveries fail (redeliver them once it is fixed)."""
    now = clock()
    endpoint.enabled, endpoint.disabled_reason, endpoint.disabled_at = False, reason, now
    endpoint.updated_at = now
    endpoint.paused_until = endpoint.busy_until = endpoint.busy_token = endpoint.wake_at = None
    for delivery in session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending"
        )
    ):
        delivery.status, delivery.next_attempt_at = "failed", None
        delivery.last_error = "endpoint_disabled"
    session.flush()
    events.record(
        session,
        type=DISABLED,
        data={"object": _endpoint_view.dump(endpoint)},
        request_id=actor.request_id if actor else None,
    )


def _checked_url(session: Session, url: str) -> str:
    settings = session.info["settings"]
    live = tenants.get_current(session).mode == "live"
    # The development setting never opens live mode to private addresses.
    allow_private = settings.webhook_allow_private and not live
    problems = transport.url_problems(url, live=live, allow_private=allow_private)
    if problems:
        raise _invalid("url", problems[0])
    return url


def _seal(session: Session, secret: str) -> str:
    return keyring_of(session).encrypt(secret, context=_context(session))


def _secrets(session: Session, endpoint: WebhookEndpoint, now: dt.datetime) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during an overlap."""
    keyring, context = keyring_of(session), _context(session)
    found = [keyring.decrypt(endpoint.secret_ciphertext, context=context)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_ciphertext and expires is not None and expires > now:
        found.append(keyring.decrypt(endpoint.previous_secret_ciphertext, context=context))
    return found


def _context(session: Session) -> str:
    return f"{tenant_of(session)}:webhook_endpoints.secret"


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


# --- relay -------------------------------------------------------------------------------------


def relay(session: Session) -> set[str]:
    """Turn undispatched events into deliveries; the ids of the endpoints that got some.
    An endpoint gets the events recorded after it was created and that its filter matches."""
    pending = session.scalars(
        select(Event)
        .where(Event.dispatched_at.is_(None))
        .order_by(Event.created_at, Event.id)
        .limit(RELAY_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if not pending:
        return set()
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True))
    ).all()
    now, touched = clock(), set()
    for event in pending:
        for endpoint in endpoints:
            if endpoint.created_at <= event.created_at and matches(
                endpoint.event_types, event.type
            ):
                _new_delivery(session, endpoint, event, origin="event")
                touched.add(endpoint.id)
        event.dispatched_at = now
    session.flush()
    if len(pending) == RELAY_BATCH:
        jobs.enqueue(session, relay_job)  # there may be more
    return touched


@jobs.job("webhooks", coalesce_on=())
def relay_job(session: Session) -> int:
    """Job: relay the tenant's new events and start delivering them."""
    touched = relay(session)
    for endpoint_id in sorted(touched):
        jobs.enqueue(session, deliver_job, background=True, endpoint_id=endpoint_id)
    return len(touched)


events.subscribe(relay_job)


def restart_overdue(session: Session) -> int:
    """Restart delivery to the endpoints whose due deliveries have been waiting too long
    (their job was lost: Redis was down, or a worker died); returns how many endpoints."""
    overdue_after = dt.timedelta(seconds=session.info["settings"].webhook_overdue_seconds)
    now = clock()
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


# --- delivery ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WithSecret:
    """An endpoint as returned when its secret is shown (create, rotate)."""

    endpoint: WebhookEndpoint
    secret: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.endpoint, name)


@dataclass(frozen=True)
class _Claimed:
    delivery_id: str
    number: int
    url: str
    secrets: list[str]
    msg_id: str
    body: bytes
    started_at: dt.datetime
    live: bool


@jobs.job("webhooks")
def deliver_job(session: Session, *, endpoint_id: str) -> int:
    """Job: deliver the endpoint's due deliveries, one at a time, while it answers 2xx.
    Returns how many were attempted. Safe to run any number of times at once: only the
    holder of the endpoint's lease sends."""
    database, tenant_id = session.info["database"], tenant_of(session)
    settings = session.info["settings"]
    end_transaction(session)
    token, started = secrets.token_hex(8), time.monotonic()
    attempted = 0
    while attempted < DRAIN_BUDGET:
        if attempted and time.monotonic() - started + settings.webhook_timeout > DRAIN_SECONDS:
            break  # the next attempt could outlast the job's time limit
        claimed = _claim_next(database, tenant_id, endpoint_id, token, settings.webhook_timeout)
        if claimed is None:
            return attempted
        timestamp = int(clock().timestamp())
        response = transport.post(
            claimed.url,
            body=claimed.body,
            headers=signing.headers(
                claimed.secrets, msg_id=claimed.msg_id, timestamp=timestamp, body=claimed.body
            ),
            timeout=settings.webhook_timeout,
            allow_private=settings.webhook_allow_private and not claimed.live,
        )
        attempted += 1
        if not _record(database, tenant_id, endpoint_id, token, claimed, response):
            return attempted
    with database.unit_of_work(tenant_id=tenant_id) as s:  # make way for other jobs
        _release(s, endpoint_id, token, wake=clock())
    return attempted


def _claim_next(
    database: Any, tenant_id: str, endpoint_id: str, token: str, timeout: float
) -> _Claimed | None:
    with database.unit_of_work(tenant_id=tenant_id) as session:
        now = clock()
        endpoint = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
        ).one_or_none()
        if endpoint is None or not endpoint.enabled:
            return None
        if endpoint.busy_token != token and endpoint.busy_until and endpoint.busy_until > now:
            return None  # another job is delivering to it; it will take ours too
        if endpoint.paused_until and endpoint.paused_until > now:
            _release(session, endpoint_id, token, wake=endpoint.paused_until)
            return None
        delivery = session.scalars(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.endpoint_id == endpoint_id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at <= now,
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.created_at)
            .limit(1)
        ).first()
        if delivery is None:
            _release(session, endpoint_id, token, wake=_next_due(session, endpoint_id))
            return None
        lease_end = now + dt.timedelta(seconds=timeout + LEASE_MARGIN)
        endpoint.busy_until, endpoint.busy_token = lease_end, token
        delivery.attempt_count += 1
        delivery.next_attempt_at = lease_end  # if this job dies, it is retried after the lease
        event = events.get(session, delivery.event_id)
        assert event is not None  # deliveries keep their event (foreign key)
        tenant = tenants.get_current(session)
        payload = {
            **_event_view.dump(event),
            "tenant_id": tenant.id,
            "livemode": tenant.mode == "live",
        }
        return _Claimed(
            delivery_id=delivery.id,
            number=delivery.attempt_count,
            url=endpoint.url,
            secrets=_secrets(session, endpoint, now),
            msg_id=event.id,
            body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
            started_at=now,
            live=tenant.mode == "live",
        )


def _record(
    database: Any,
    tenant_id: str,
    endpoint_id: str,
    token: str,
    claimed: _Claimed,
    response: transport.Response,
) -> bool:
    """Log the attempt and move the delivery on; True if the job may send the next one."""
    with database.unit_of_work(tenant_id=tenant_id) as session:
        now = clock()
        endpoint = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
        ).one_or_none()
        delivery = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.id == claimed.delivery_id)
        ).one_or_none()
        if endpoint is None or delivery is None:
            return False  # deleted meanwhile
        session.add(
            WebhookAttempt(
                id=new_id("wa"),
                delivery_id=delivery.id,
                number=claimed.number,
                outcome="succeeded" if response.ok else "failed",
                status_code=response.status_code,
                error=response.error,
                duration_ms=response.duration_ms,
                response_excerpt=response.excerpt,
                started_at=claimed.started_at,
            )
        )
        if delivery.status != "pending":  # e.g. the endpoint was disabled meanwhile
            _release(session, endpoint_id, token, wake=None)
            return False
        if response.ok:
            delivery.status, delivery.next_attempt_at, delivery.last_error = "succeeded", None, None
            endpoint.failing_since, endpoint.failure_streak, endpoint.paused_until = None, 0, None
            endpoint.busy_until = now + dt.timedelta(seconds=LEASE_MARGIN)
            return True
        delivery.last_error = response.error or f"http_{response.status_code}"
        endpoint.failing_since = endpoint.failing_since or claimed.started_at
        endpoint.failure_streak += 1
        gone = response.status_code == 410
        exhausted = delivery.attempt_count >= MAX_ATTEMPTS
        if (
            gone
            or now - endpoint.failing_since >= DISABLE_AFTER
            # the whole schedule failed with no success in between (jitter can make it a
            # little shorter than three days)
            or (exhausted and endpoint.failing_since <= _first_attempt(session, delivery.id))
        ):
            error = delivery.last_error
            _disable(session, endpoint, "gone" if gone else "failing")
            delivery.last_error = error
            return False
        pause = _delay(endpoint.failure_streak, response.retry_after)
        endpoint.paused_until = now + pause
        if exhausted:
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            own = _delay(delivery.attempt_count, response.retry_after)
            delivery.next_attempt_at = now + max(own, pause)
        _release(session, endpoint_id, token, wake=endpoint.paused_until)
        return False


def _delay(failures: int, retry_after: float | None) -> dt.timedelta:
    """After `failures` failed attempts: the schedule's delay, jittered; or `Retry-After`
    when the receiver asks for longer (at most a day)."""
    base = SCHEDULE[min(failures, len(SCHEDULE)) - 1]
    seconds = base * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 (jitter, no secret)
    if retry_after is not None:
        seconds = max(seconds, min(retry_after, MAX_RETRY_AFTER))
    return dt.timedelta(seconds=seconds)


def _first_attempt(session: Session, delivery_id: str) -> dt.datetime:
    first = session.scalar(
        select(func.min(WebhookAttempt.started_at)).where(WebhookAttempt.delivery_id == delivery_id)
    )
    assert first is not None  # called while recording an attempt
    return first


def _next_due(session: Session, endpoint_id: str) -> dt.datetime | None:
    return session.scalar(
        select(func.min(WebhookDelivery.next_attempt_at)).where(
            WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending"
        )
    )


def _release(session: Session, endpoint_id: str, token: str, *, wake: dt.datetime | None) -> None:
    """Give up the endpoint's lease (if this job holds it), and make sure a job comes back
    at `wake` (one job per wake-up time, not one per finished job)."""
    endpoint = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
    ).one()
    if endpoint.busy_token == token:
        endpoint.busy_until = endpoint.busy_token = None
    now = clock()
    if wake is None or not endpoint.enabled:
        return
    scheduled = endpoint.wake_at
    if scheduled is not None and now <= scheduled <= wake:
        return  # a job is already due back by then
    endpoint.wake_at = wake
    delay = max(0.0, (wake - now).total_seconds())
    jobs.enqueue(session, deliver_job, background=True, delay=delay, endpoint_id=endpoint_id)
