"""The payslips block's periodic task (`core/schedule.py`).

- `statements.ready` (hourly): once a month has closed in the tenant's calendar, announce
  its statements: one `statement.ready` per worker and per employer with payslips in force
  paid that month, in the same transaction as the month's `statement_months` row, so each
  month is announced once. A catch-up sweep: it walks back from last month to the newest
  month already announced (at most a year), so a worker that was down for weeks announces
  every month it missed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import schedule
from app.payslips import statements


@schedule.periodic("statements.ready", every=3600)
def announce_statements(session: Session) -> int:
    return statements.announce_closed_months(session)
