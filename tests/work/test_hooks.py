"""The clock-in hook that insurance will implement: called inside the clock-in's
transaction, so cover can start at the clock-in instant or the clock-in not happen at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.work import service, shifts
from app.work.errors import EngagementNotActive
from app.work.models import Shift
from tests.work.conftest import MARCH, Day, at


@pytest.fixture()
def hooked() -> Iterator[list[Any]]:
    calls: list[Any] = []
    registered = list(shifts._clock_in_hooks)  # the insurance block's stays registered
    yield calls
    shifts._clock_in_hooks[:] = registered


def test_the_hook_runs_inside_the_clock_in_transaction(day: Day, hooked: list[Any]) -> None:
    @service.on_clock_in
    def seen(session: Any, actor: Any, shift: Shift) -> None:
        in_db = session.scalar(select(Shift.status).where(Shift.id == shift.id))
        hooked.append((in_db, shift.clock_in_at, session.in_transaction(), actor.type))

    d = MARCH + dt.timedelta(days=1)
    shift = day.shifts(day.engage([{"day": d}]).json["id"])[0]
    assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
    assert len(hooked) == 1
    status, clocked_at, in_transaction, actor = hooked[0]
    assert status == "in_progress" and in_transaction and actor == "api_key"
    assert clocked_at == at(d, 7)  # the clock-in instant: where cover starts


def test_a_hook_that_refuses_undoes_the_clock_in(day: Day, hooked: list[Any]) -> None:
    @service.on_clock_in
    def refuse(session: Any, actor: Any, shift: Shift) -> None:
        hooked.append(shift.id)
        raise EngagementNotActive("refused by the hook")

    d = MARCH + dt.timedelta(days=1)
    shift = day.shifts(day.engage([{"day": d}]).json["id"])[0]
    answer = day.clock_in(shift["id"], at(d, 7))
    assert answer.status_code == 409 and answer.json["code"] == "engagement_not_active"
    assert hooked == [shift["id"]]
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "scheduled"
    events = day.api.get("/v1/events?type=shift.clocked_in").json["data"]
    assert events == []
