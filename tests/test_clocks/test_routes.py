"""Test clocks over HTTP, on both databases: created frozen, advanced forward only, for
test-mode tenants only, never seen by another tenant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.time import SYSTEM
from tests.helpers import ApiClient, assert_problem, employer_body, new_tenant
from tests.test_clocks.conftest import Clocked, start_clock
from tests.work.conftest import MARCH, at


def test_the_clock_is_the_tenants_now_and_moves_forward(clocked: Clocked) -> None:
    api = clocked.api
    clock = api.get(f"/v1/test-clocks/{clocked.clock_id}").json
    assert clock["frozen_time"] == "2027-02-28T22:00:00+00:00"  # 06:00 in Shanghai
    assert (clock["status"], clock["advanced_from"]) == ("ready", None)
    worker = api.get(f"/v1/workers/{clocked.money.worker_id}").json
    assert worker["created_at"] == clock["frozen_time"]  # made under the clock
    ready = clocked.advance(at(MARCH, 7))
    assert ready["frozen_time"] == "2027-02-28T23:00:00+00:00"
    assert ready["advanced_from"] == "2027-02-28T22:00:00+00:00"
    assert ready["tasks_run"] >= 10  # every periodic task of the tenant, once
    page = api.get("/v1/test-clocks").json
    assert [c["id"] for c in page["data"]] == [clocked.clock_id]
    assert api.delete(f"/v1/test-clocks/{clocked.clock_id}").status_code == 204
    assert_problem(api.get(f"/v1/test-clocks/{clocked.clock_id}"), 404, "resource_missing")
    employer = api.post("/v1/employers", employer_body()).json
    assert employer["created_at"] < "2027"  # the real clock again


def test_one_clock_per_tenant(clocked: Clocked) -> None:
    again = start_clock(clocked.api, at(MARCH, 8))
    problem = assert_problem(again, 409, "test_clock_exists")
    assert problem["existing_id"] == clocked.clock_id


def test_a_clock_goes_forward_only_and_by_at_most_two_years(clocked: Clocked) -> None:
    path = f"/v1/test-clocks/{clocked.clock_id}/advance"
    for when in (at(MARCH, 6), at(MARCH, 5), at(MARCH, 6) + dt.timedelta(days=732)):
        problem = assert_problem(
            clocked.api.post(path, {"frozen_time": when.isoformat()}), 422, "validation_error"
        )
        assert [e["field"] for e in problem["errors"]] == ["frozen_time"]
    assert clocked.api.get(f"/v1/test-clocks/{clocked.clock_id}").json["status"] == "ready"


def test_a_clock_does_not_start_in_the_past(api: ApiClient) -> None:
    yesterday = SYSTEM.now() - dt.timedelta(days=1)
    problem = assert_problem(start_clock(api, yesterday), 422, "validation_error")
    assert [e["field"] for e in problem["errors"]] == ["frozen_time"]


def test_a_live_tenant_cannot_have_one(app: Any, client: Any) -> None:
    live = new_tenant(app, name="Live market", mode="live")
    answer = start_clock(ApiClient(client, live.api_key), at(MARCH, 6))
    assert_problem(answer, 403, "test_clock_live_mode")


def test_another_tenants_clock_is_not_found(app: Any, client: Any, clocked: Clocked) -> None:
    other = ApiClient(client, new_tenant(app, name="Other market").api_key)
    path = f"/v1/test-clocks/{clocked.clock_id}"
    assert_problem(other.get(path), 404, "resource_missing")
    moved = other.post(f"{path}/advance", {"frozen_time": at(MARCH, 9).isoformat()})
    assert_problem(moved, 404, "resource_missing")
    assert_problem(other.delete(path), 404, "resource_missing")
    assert other.get("/v1/test-clocks").json["data"] == []
    # and the other tenant's time is its own: the real clock
    made = other.post("/v1/employers", employer_body()).json
    assert made["created_at"] < "2027"
