"""The insurance block's background entry points: its periodic tasks (`core/schedule.py`)
and the job that tells the insurer (`notify.notify_policy`).

- `insurance.cover` (every minute): start the days bought without a shift whose 00:00
  has passed (charging their premiums) and expire every day whose 24:00 has passed.
- `insurance.notify` (every minute): queue the insurer's notifications that are due again
  (an outage, a lost job).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.core.auth import Actor
from app.insurance import service

SYSTEM = Actor("system", None)


@schedule.periodic("insurance.cover", every=60)
def cover(session: Session) -> int:
    return service.sweep(session, SYSTEM)


@schedule.periodic("insurance.notify", every=60)
def notify(session: Session) -> int:
    return service.due_policies(session)


@schedule.periodic("insurance.claims", every=60)
def claims(session: Session) -> int:
    return service.due_claims(session)
