"""Time: always timezone-aware UTC inside the program; calendar days in the tenant's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

UTC = dt.UTC
DEFAULT_TIME_ZONE = "Asia/Shanghai"


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def ensure_utc(value: dt.datetime) -> dt.datetime:
    """Naive values are taken to be UTC (SQLite returns them that way)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def is_time_zone(name: str) -> bool:
    return name in _zones()


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES
