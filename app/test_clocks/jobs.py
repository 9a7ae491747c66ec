"""The test clocks block's job: run what fell due once an advance has committed."""

from __future__ import annotations

import datetime as dt
import logging

from app.core import jobs, schedule
from app.core.jobs import UnitsOfWork
from app.test_clocks import service

log = logging.getLogger(__name__)


@jobs.job("housekeeping", outside=True, timeout=900)
def run_due(units: UnitsOfWork, *, clock_id: str, frozen_time: str) -> int:
    """Every periodic task of the tenant, at the clock's new time (each in its own units of
    work, which read the test clock); then the clock is `ready`, or `internal_failure`."""
    assert units.tenant_id is not None
    ran: int | None
    failure: Exception | None = None
    try:
        ran = len(
            schedule.run_due(
                units.database, units.tenant_id, until=dt.datetime.fromisoformat(frozen_time)
            )
        )
    except Exception as exc:
        failure, ran = exc, None
    with units() as session:
        recorded = service.finish(session, clock_id=clock_id, frozen_time=frozen_time, ran=ran)
    if failure is not None and recorded:
        log.error("test clock %s: a task failed while advancing", clock_id, exc_info=failure)
    elif failure is not None:  # deleted or advanced again meanwhile: not a fault
        log.info("test clock %s moved or went while advancing: %s", clock_id, failure)
    return ran or 0
