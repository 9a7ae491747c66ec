"""The payout reconciliation report on the one clock (the `clock` fixture): its day is the
tenant's calendar day on that clock. Nothing here edits a time stamp in the database: the
clock moves, and every stamp follows (the two-minute rule for lost sends is checked the same
way in test_payouts.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.time import FrozenClock
from tests.money.conftest import Money
from tests.money.test_payouts import create, fund, report


def next_at(clock: FrozenClock, time: dt.time) -> dt.datetime:
    """The clock's next instant at `time` UTC (today's, or tomorrow's if that has passed)."""
    instant = dt.datetime.combine(clock.now().date(), time, dt.UTC)
    return instant if instant >= clock.now() else instant + dt.timedelta(days=1)


def test_the_reconciliation_day_is_the_tenants_day_on_the_one_clock(
    money: Money, clock: FrozenClock
) -> None:
    fund(money, 30_000)
    # one second before midnight in Shanghai (15:59:59 UTC), and one second after it
    clock.set(next_at(clock, dt.time(15, 59, 59)))
    late = create(money, 10_000)
    clock.advance(seconds=2)
    early = create(money, 20_000)
    assert (late["status"], early["status"]) == ("paid", "paid")
    shanghai = clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert dt.datetime.fromisoformat(early["paid_at"]) == clock.now()

    def counted(day: dt.date) -> tuple[int, int, list[Any]]:
        found = report(money, day)
        return found["provider_transfers"], found["payouts"], found["mismatches"]

    assert counted(shanghai - dt.timedelta(days=1)) == (1, 1, [])  # `late` only
    assert counted(shanghai) == (1, 1, [])  # `early` only
    assert money.api.patch("/v1/tenant", {"time_zone": "UTC"}).status_code == 200
    assert counted(clock.now().date()) == (2, 2, [])  # both: 16:00 UTC is still that day
    assert counted(clock.now().date() + dt.timedelta(days=1)) == (0, 0, [])
