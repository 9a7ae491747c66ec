"""The retry schedule's arithmetic (pure): how long to wait after a failed attempt.

Standard Webhooks' example schedule: the first attempt is immediate, then 5 s, 5 min,
30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (jittered, or `Retry-After` if longer), the last
about 75.6 h after the first. An endpoint failing for `DISABLE_AFTER` is disabled.
"""

from __future__ import annotations

import datetime as dt
import random

# Delays before attempts 2..10 (Standard Webhooks' example schedule: the first attempt is
# immediate, the last about 75.6 h after it).
SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
MAX_ATTEMPTS = len(SCHEDULE) + 1
JITTER = 0.1
MAX_RETRY_AFTER = 86400
DISABLE_AFTER = dt.timedelta(days=3)


def delay(failures: int, retry_after: float | None) -> dt.timedelta:
    """After `failures` failed attempts: the schedule's delay, jittered; or `Retry-After`
    when the receiver asks for longer (at most a day)."""
    base = SCHEDULE[min(failures, len(SCHEDULE)) - 1]
    seconds = base * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 (jitter, no secret)
    if retry_after is not None:
        seconds = max(seconds, min(retry_after, MAX_RETRY_AFTER))
    return dt.timedelta(seconds=seconds)
