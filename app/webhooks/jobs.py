"""The webhooks block's background entry points: its periodic tasks (`core/schedule.py`).

- `webhooks.relay` (every `GIGKIT_WEBHOOK_TICK_SECONDS`): turn each tenant's undispatched
  events into deliveries and start them. Requests kick the relay themselves after commit;
  this is the net under a lost kick (Redis was away, a worker died).
- `webhooks.resume` (same period): restart delivery to endpoints whose due deliveries have
  waited longer than `GIGKIT_WEBHOOK_OVERDUE_SECONDS` (their job was lost).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.webhooks import service


@schedule.periodic("webhooks.relay", every="webhook_tick_seconds")
def relay(session: Session) -> int:
    return service.relay_job(session)


@schedule.periodic("webhooks.resume", every="webhook_tick_seconds")
def resume(session: Session) -> int:
    return service.restart_overdue(session)
