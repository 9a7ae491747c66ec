"""Webhook delivery: `deliver_job` (one endpoint at a time) and its claim, record and
release steps; making a delivery (`new_delivery`), disabling an endpoint (its pending
deliveries fail), and the endpoint's secrets (sealed at rest, the ones that sign now).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import events, jobs, metrics
from app.core import time as clock
from app.core.auth import Actor
from app.core.db import after_commit, keyring_of
from app.core.events import Event
from app.core.ids import new_id
from app.core.tenancy import tenant_of
from app.tenants import service as tenants
from app.webhooks import retries, signing, transport
from app.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import EventSchema, WebhookEndpointSchema

LEASE_MARGIN = 30  # seconds beyond the request timeout before a lease is presumed dead
DRAIN_BUDGET = 100  # deliveries per job, then the job makes way for others
DRAIN_SECONDS = 90  # nor longer than this (RQ stops a job after 120 s)

DISABLED = events.declare(
    "webhook_endpoint.disabled",
    "A webhook endpoint was disabled: by you, because it answered 410 Gone, or because "
    "it failed for 3 days. `data.object`: the endpoint (`disabled_reason`).",
)

_endpoint_view = WebhookEndpointSchema()
_event_view = EventSchema()


def new_delivery(
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
        next_attempt_at=clock.now(session),
        created_at=clock.now(session),
    )
    session.add(delivery)
    session.flush()
    if origin != "event":
        jobs.enqueue(session, deliver_job, background=True, endpoint_id=endpoint.id)
    return delivery


def disable(
    session: Session, endpoint: WebhookEndpoint, reason: str, *, actor: Actor | None = None
) -> None:
    """Disable the endpoint; its pending deliveries fail (redeliver them once it is fixed)."""
    now = clock.now(session)
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


def seal(session: Session, secret: str) -> str:
    return keyring_of(session).encrypt(secret, context=_context(session))


def signing_secrets(session: Session, endpoint: WebhookEndpoint, now: dt.datetime) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during an overlap."""
    keyring, context = keyring_of(session), _context(session)
    found = [keyring.decrypt(endpoint.secret_ciphertext, context=context)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_ciphertext and expires is not None and expires > now:
        found.append(keyring.decrypt(endpoint.previous_secret_ciphertext, context=context))
    return found


def _context(session: Session) -> str:
    return f"{tenant_of(session)}:webhook_endpoints.secret"


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


@jobs.job("webhooks", outside=True)
def deliver_job(units: jobs.UnitsOfWork, *, endpoint_id: str) -> int:
    """Job: deliver the endpoint's due deliveries, one at a time, while it answers 2xx.
    Returns how many were attempted. Safe to run any number of times at once: only the
    holder of the endpoint's lease sends. Each claim and each record is its own unit of
    work; the endpoint is called with none open."""
    settings = units.settings
    token, started = secrets.token_hex(8), time.monotonic()
    attempted = 0
    while attempted < DRAIN_BUDGET:
        if attempted and time.monotonic() - started + settings.webhook_timeout > DRAIN_SECONDS:
            break  # the next attempt could outlast the job's time limit
        claimed = _claim_next(units, endpoint_id, token, settings.webhook_timeout)
        if claimed is None:
            return attempted
        timestamp = int(units.now().timestamp())
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
        if not _record(units, endpoint_id, token, claimed, response):
            return attempted
    with units() as s:  # make way for other jobs
        _release(s, endpoint_id, token, wake=clock.now(s))
    return attempted


def _claim_next(
    units: jobs.UnitsOfWork, endpoint_id: str, token: str, timeout: float
) -> _Claimed | None:
    with units() as session:
        now = clock.now(session)
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
            secrets=signing_secrets(session, endpoint, clock.real_now(session)),
            msg_id=event.id,
            body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
            started_at=now,
            live=tenant.mode == "live",
        )


def _record(
    units: jobs.UnitsOfWork,
    endpoint_id: str,
    token: str,
    claimed: _Claimed,
    response: transport.Response,
) -> bool:
    """Log the attempt and move the delivery on; True if the job may send the next one."""
    with units() as session:
        now = clock.now(session)
        endpoint = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
        ).one_or_none()
        delivery = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.id == claimed.delivery_id)
        ).one_or_none()
        if endpoint is None or delivery is None:
            return False  # deleted meanwhile
        outcome = "succeeded" if response.ok else "failed"
        after_commit(session, lambda: metrics.WEBHOOK_ATTEMPTS.labels(outcome).inc())
        session.add(
            WebhookAttempt(
                id=new_id("wa"),
                delivery_id=delivery.id,
                number=claimed.number,
                outcome=outcome,
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
            lag = (delivery.created_at, now)
            after_commit(session, lambda: metrics.observe_lag(metrics.WEBHOOK_LAG, *lag))
            delivery.status, delivery.next_attempt_at, delivery.last_error = "succeeded", None, None
            endpoint.failing_since, endpoint.failure_streak, endpoint.paused_until = None, 0, None
            endpoint.busy_until = now + dt.timedelta(seconds=LEASE_MARGIN)
            return True
        delivery.last_error = response.error or f"http_{response.status_code}"
        endpoint.failing_since = endpoint.failing_since or claimed.started_at
        endpoint.failure_streak += 1
        gone = response.status_code == 410
        exhausted = delivery.attempt_count >= retries.MAX_ATTEMPTS
        if (
            gone
            or now - endpoint.failing_since >= retries.DISABLE_AFTER
            # the whole schedule failed with no success in between (jitter can make it a
            # little shorter than three days)
            or (exhausted and endpoint.failing_since <= _first_attempt(session, delivery.id))
        ):
            error = delivery.last_error
            disable(session, endpoint, "gone" if gone else "failing")
            delivery.last_error = error
            return False
        pause = retries.delay(endpoint.failure_streak, response.retry_after)
        endpoint.paused_until = now + pause
        if exhausted:
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            own = retries.delay(delivery.attempt_count, response.retry_after)
            delivery.next_attempt_at = now + max(own, pause)
        _release(session, endpoint_id, token, wake=endpoint.paused_until)
        return False


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
    now = clock.now(session)
    if wake is None or not endpoint.enabled:
        return
    scheduled = endpoint.wake_at
    if scheduled is not None and now <= scheduled <= wake:
        return  # a job is already due back by then
    endpoint.wake_at = wake
    delay = max(0.0, (wake - now).total_seconds())
    jobs.enqueue(session, deliver_job, background=True, delay=delay, endpoint_id=endpoint_id)
