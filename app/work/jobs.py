"""The work block's background entry points: its periodic task (`core/schedule.py`). The
jobs that settle a clock-out batch live beside the batches (`clock_out_batches.py`).

- `work.clock_out_batches` (every minute): plan again the clock-out batches left unfinished
  (their jobs lost with Redis, or out of retries), so that every accepted clock-out is
  settled or failed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.work import clock_out_batches


@schedule.periodic("work.clock_out_batches", every=60)
def resume_batches(session: Session) -> int:
    return clock_out_batches.resume_stalled(session)
