"""The escrow block's background entry points: its periodic tasks (`core/schedule.py`).

- `escrow.deposits` (every minute): ask the provider about every pending deposit and
  settle those it has decided.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.core.auth import Actor
from app.escrow import service


@schedule.periodic("escrow.deposits", every=60)
def refresh_deposits(session: Session) -> int:
    return service.refresh_pending_deposits(session, actor=Actor("system", None))
