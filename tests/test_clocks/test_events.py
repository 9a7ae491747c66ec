"""A test clock's life as events, on both databases: `test_clock.advancing` when an advance is
accepted, then `test_clock.ready` once what fell due ran, or `test_clock.internal_failure`
when a task failed; each with the clock as `data.object`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.core import schedule
from tests.test_clocks.conftest import Clocked
from tests.work.conftest import MARCH, at


def clock_events(clocked: Clocked) -> list[dict[str, Any]]:
    """The tenant's test clock events, oldest first."""
    page = clocked.api.get("/v1/events?limit=100").json["data"]
    return [e for e in reversed(page) if e["type"].startswith("test_clock.")]


def test_an_advance_is_announced_then_its_end(clocked: Clocked) -> None:
    assert clock_events(clocked) == []  # creating a clock is not an advance
    clock = clocked.advance(at(MARCH, 7))
    advancing, ready = clock_events(clocked)
    assert (advancing["type"], ready["type"]) == ("test_clock.advancing", "test_clock.ready")
    assert advancing["data"]["object"]["status"] == "advancing"
    assert advancing["data"]["object"]["frozen_time"] == clock["frozen_time"]
    assert advancing["request_id"] is not None  # the advance request's
    assert ready["data"]["object"] == clock  # as GET shows it: `ready`, `tasks_run` counted
    assert ready["data"]["object"]["tasks_run"] >= 10
    assert advancing["data"]["object"]["tasks_run"] == 0

    clocked.advance(at(MARCH, 8))
    assert [e["type"] for e in clock_events(clocked)] == [
        "test_clock.advancing",
        "test_clock.ready",
    ] * 2


def test_a_failing_task_ends_the_advance_in_internal_failure(
    clocked: Clocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = next(t for t in schedule.tasks() if t.per_tenant)

    def broken(*_args: Any) -> int:
        raise RuntimeError("a sweep failed")

    monkeypatch.setitem(schedule._TASKS, task.name, dataclasses.replace(task, fn=broken))
    path = f"/v1/test-clocks/{clocked.clock_id}"
    moved = clocked.api.post(f"{path}/advance", {"frozen_time": at(MARCH, 7).isoformat()})
    assert moved.status_code == 200, moved.json
    clock = clocked.api.get(path).json
    assert clock["status"] == "internal_failure"
    advancing, failed = clock_events(clocked)
    assert (advancing["type"], failed["type"]) == (
        "test_clock.advancing",
        "test_clock.internal_failure",
    )
    assert failed["data"]["object"] == clock

    monkeypatch.undo()  # fixed: advancing again runs them, and the clock is ready
    clocked.advance(at(MARCH, 8))
    assert [e["type"] for e in clock_events(clocked)][-2:] == [
        "test_clock.advancing",
        "test_clock.ready",
    ]
