"""Time: the one clock, always timezone-aware UTC; calendar days in the tenant's zone.

Nothing in gigkit asks the operating system for the time but this module (an architecture
test forbids `datetime.now`, `utcnow()` and `date.today()` elsewhere). Code with a session
asks `now(session)`: the clock bound to that unit of work. That is, in order: a clock bound
to the session itself; else, for a session bound to a test-mode tenant that has a test clock
(`app/test_clocks`, one per tenant at most), that clock's `frozen_time`, read from the
`test_clocks` table once per unit of work (with the tenant's time zone, in one statement; never
for a session that knows its tenant is live, `TENANT_MODE`); else the database's clock, the
real one unless a test replaced it. Code with no session (the webhook transport, the ticker)
asks `now()`, the process clock, which never follows a test clock.

    now(session)                      -> aware UTC datetime
    local_day(session, instant)       -> the tenant's calendar date at that instant
    day_bounds(session, day)          -> [start, end) of that calendar day, in UTC

Rows' `created_at`/`updated_at` come from the same clock, and their `test_clock_id` from the
same read of the tenant's test clock (`core/stamps.py`). How to use it and how tests freeze
it: docs/testing.md, "Time: the one clock".
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo, available_timezones

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

UTC = dt.UTC
DEFAULT_TIME_ZONE = "Asia/Shanghai"


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, aware."""


class SystemClock:
    """The real clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to (tests; later a tenant's test clock)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._now = ensure_utc(start) if start is not None else SYSTEM.now()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        """Move forward by `delta` (or `timedelta(**kwargs)`); never backwards."""
        step = delta if delta is not None else dt.timedelta(**kwargs)
        if step < dt.timedelta(0):
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._now += step
            return self._now

    def set(self, instant: dt.datetime) -> dt.datetime:
        with self._lock:
            instant = ensure_utc(instant)
            if instant < self._now:
                raise ValueError("a clock does not go backwards")
            self._now = instant
            return instant


SYSTEM = SystemClock()
_process_clock: Clock = SYSTEM


def set_process_clock(clock: Clock | None) -> Clock:
    """Replace the clock of code that has no session (tests); returns the previous one."""
    global _process_clock
    previous = _process_clock
    _process_clock = clock or SYSTEM
    return previous


def clock_of(session: Session | None, *, tenant_clock: bool = True) -> Clock:
    """The clock bound to this unit of work (the session's, else its tenant's test clock,
    else its database's), or the process clock. `tenant_clock=False` passes over the test
    clock: see `real_now`."""
    if session is not None:
        bound = session.info.get("clock")
        if bound is not None:
            return bound  # type: ignore[no-any-return]
        tested = test_clock_of(session) if tenant_clock else None
        if tested is not None:
            return tested
        database = session.info.get("database")
        if database is not None and getattr(database, "clock", None) is not None:
            return database.clock  # type: ignore[no-any-return]
    return _process_clock


def now(session: Session | None = None) -> dt.datetime:
    """The current instant, aware UTC, as this unit of work's clock has it."""
    return ensure_utc(clock_of(session).now())


def real_now(session: Session | None = None) -> dt.datetime:
    """`now(session)` that never follows a tenant's test clock: for what protects the tenant
    rather than simulates its business, and so must run on real time in test mode too: the
    lifetimes of credentials (API keys, OAuth tokens and client secrets, their rotation
    overlaps), of webhook secrets' overlaps and of stored Idempotency-Key responses. A test
    clock advanced by a year must neither expire a key made a minute ago (locking its
    holder out) nor let a one-hour token, or a replayed key's money request, live a year."""
    return ensure_utc(clock_of(session, tenant_clock=False).now())


def real_time_ns() -> int:
    """The operating system's clock, never a test clock: only for what must not follow one,
    the time part of ids (index locality, `ids.py`) and the rate limiter's windows (kept by
    a library and Redis on the real clock, `ratelimit.py`). Business time is `now(session)`."""
    return time.time_ns()


def ensure_utc(value: dt.datetime) -> dt.datetime:
    """Naive values are taken to be UTC (SQLite returns them that way)."""
    if value.tzinfo is UTC:  # most are: cheaper than astimezone()
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


TENANT_MODE = "tenant_mode"  # session.info: "live" | "test", when the credential said so
_TEST_CLOCK = "test_clock"  # session.info: the tenant's TestClockTime, or None
_ZONE = "time_zone"  # session.info: the tenant's ZoneInfo


class TestClockTime(FrozenClock):
    """A tenant's test clock as this unit of work has it: its id and its `frozen_time`."""

    __test__ = False  # not a pytest class

    def __init__(self, clock_id: str, frozen_time: dt.datetime) -> None:
        super().__init__(frozen_time)
        self.id = clock_id


def set_tenant_mode(session: Session, mode: str) -> None:
    """What the credential says of its tenant, `live` or `test`: set by the authenticators as
    soon as the credential is found, before they ask the time, so that a live tenant's
    session never reads the test clocks table (`TENANT_MODE`)."""
    session.info[TENANT_MODE] = mode


def test_clock_of(session: Session) -> TestClockTime | None:
    """The bound tenant's test clock at its `frozen_time`, or None (no tenant bound, a live
    tenant, no clock). Read once per unit of work."""
    info = session.info
    if info.get("tenant_id") is None or info.get(TENANT_MODE) == "live":
        return None
    if _TEST_CLOCK not in info:
        if "database" not in info:  # a bare session (tests): no tables to read
            return None
        _read_tenant_time(session)
    return info[_TEST_CLOCK]  # type: ignore[no-any-return]


def test_clock_id(session: Session) -> str | None:
    """The id of the bound tenant's test clock (`clk_...`), or None: what rows made in this
    unit of work carry as `test_clock_id` (`core/stamps.py`)."""
    clock = test_clock_of(session)
    return None if clock is None else clock.id


def use_test_clock(
    session: Session, clock_id: str | None, frozen_time: dt.datetime | None = None
) -> None:
    """Tell this unit of work that its tenant's test clock `clock_id` now reads `frozen_time`
    (`clock_id` None: it has none any more), after the test clocks block changed it."""
    if clock_id is None or frozen_time is None:
        session.info[_TEST_CLOCK] = None
    else:
        session.info[_TEST_CLOCK] = TestClockTime(clock_id, frozen_time)


_TENANT_TIME = (
    "SELECT t.time_zone, c.id, c.frozen_time FROM tenants t"
    " LEFT JOIN test_clocks c ON c.tenant_id = t.id WHERE t.id = :id"
)
_LIVE_TENANT_TIME = "SELECT time_zone, NULL, NULL FROM tenants WHERE id = :id"


def _read_tenant_time(session: Session) -> None:
    """The tenant's time zone and its test clock's id and time, in one statement (for a
    session that knows its tenant is live, the time zone alone: no test clocks table)."""
    from sqlalchemy import text

    from app.core.tenancy import tenant_of

    live = session.info.get(TENANT_MODE) == "live"
    # Without flushing: asking the time must not split the caller's pending changes into two
    # UPDATEs of a row (a guard trigger may accept them only together, as a contract's send).
    with session.no_autoflush:
        row = session.execute(
            text(_LIVE_TENANT_TIME if live else _TENANT_TIME), {"id": tenant_of(session)}
        ).one_or_none()
    name, clock_id, frozen = (None, None, None) if row is None else row
    if _ZONE not in session.info or session.info[_ZONE] is None:
        session.info[_ZONE] = ZoneInfo(name or DEFAULT_TIME_ZONE)
    if frozen is not None and not isinstance(frozen, dt.datetime):  # SQLite: text
        frozen = dt.datetime.fromisoformat(str(frozen))
    use_test_clock(session, clock_id, None if frozen is None else ensure_utc(frozen))


def tenant_zone(session: Session) -> ZoneInfo:
    """The bound tenant's time zone (read once per unit of work, with its test clock)."""
    cached = session.info.get(_ZONE)
    if cached is None:
        _read_tenant_time(session)
        cached = session.info[_ZONE]
    return cached  # type: ignore[no-any-return]


def local_day(session: Session, instant: dt.datetime | None = None) -> dt.date:
    """The tenant's calendar date at `instant` (default: now)."""
    moment = ensure_utc(instant) if instant is not None else now(session)
    return moment.astimezone(tenant_zone(session)).date()


def day_bounds(session: Session, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """`[start, end)` of the tenant's calendar `day`, in UTC (23 or 25 hours long across a
    daylight-saving change)."""
    return zone_day_bounds(tenant_zone(session), day)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """`[first, after)`: the days of `day`'s calendar month (`after` is `date.max` for the
    calendar's last month)."""
    first = day.replace(day=1)
    try:
        return first, (first + dt.timedelta(days=32)).replace(day=1)
    except OverflowError:
        return first, dt.date.max


def zone_day_bounds(zone: ZoneInfo, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def is_time_zone(name: str) -> bool:
    return name in _zones()


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES
