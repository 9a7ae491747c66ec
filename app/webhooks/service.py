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

Time is the unit of work's clock (`core/time.py`): tests move it with the `clock` fixture.

This module is the block's public face (other blocks and routes import it, and RQ names
jobs by it: `app.webhooks.service:deliver_job`); the code lives in `endpoints`, `relay`,
`delivery` and `retries`.
"""

from __future__ import annotations

from app.core import events as _events
from app.webhooks.delivery import DISABLED as DISABLED
from app.webhooks.delivery import deliver_job as deliver_job
from app.webhooks.endpoints import MAX_FILTERS as MAX_FILTERS
from app.webhooks.endpoints import TEST as TEST
from app.webhooks.endpoints import WithSecret as WithSecret
from app.webhooks.endpoints import create_endpoint as create_endpoint
from app.webhooks.endpoints import delete_endpoint as delete_endpoint
from app.webhooks.endpoints import get_delivery as get_delivery
from app.webhooks.endpoints import get_endpoint as get_endpoint
from app.webhooks.endpoints import get_event as get_event
from app.webhooks.endpoints import list_deliveries as list_deliveries
from app.webhooks.endpoints import list_endpoints as list_endpoints
from app.webhooks.endpoints import list_events as list_events
from app.webhooks.endpoints import matches as matches
from app.webhooks.endpoints import recover as recover
from app.webhooks.endpoints import redeliver as redeliver
from app.webhooks.endpoints import rotate_secret as rotate_secret
from app.webhooks.endpoints import send_test as send_test
from app.webhooks.endpoints import update_endpoint as update_endpoint
from app.webhooks.relay import relay as relay
from app.webhooks.relay import relay_job as relay_job
from app.webhooks.relay import restart_overdue as restart_overdue
from app.webhooks.schemas import DESCRIPTION_MAX as DESCRIPTION_MAX
from app.webhooks.schemas import EVENT_TYPE_MAX as EVENT_TYPE_MAX
from app.webhooks.schemas import EVENT_TYPE_PATTERN as EVENT_TYPE_PATTERN
from app.webhooks.schemas import OVERLAP_DEFAULT as OVERLAP_DEFAULT
from app.webhooks.schemas import OVERLAP_MAX as OVERLAP_MAX
from app.webhooks.schemas import URL_MAX as URL_MAX
from app.webhooks.schemas import URL_PATTERN as URL_PATTERN


def event_types() -> dict[str, str]:
    """Every event type an endpoint can filter on -> what it means, sorted."""
    return dict(sorted(_events.TYPES.items()))
