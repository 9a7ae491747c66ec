"""The payouts block's background entry points: its periodic tasks (`core/schedule.py`).

- `payouts.reconcile` (every minute): settle payouts stuck in processing, record payout
  returns, and re-send payouts whose job was lost.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.payouts import service


@schedule.periodic("payouts.reconcile", every=60)
def reconcile(session: Session) -> int:
    return service.reconcile(session)
