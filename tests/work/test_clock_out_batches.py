"""Accept-then-settle: a clock-out batch answered 202 at once, settled by jobs per employer
chunk through the synchronous batch's settlement (inline here: the jobs run after the
request commits), each item settled or failed with the problem the synchronous batch gives;
nothing settled twice whatever the jobs do. The SIGKILL test with real workers:
tests/work/test_clock_out_batch_workers.py."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from app.core import jobs, schedule
from app.work import clock_out_batches
from app.work.models import Shift
from tests.helpers import ApiClient, database, employer_body, post_created
from tests.work.conftest import MARCH, Day, at

D = MARCH + dt.timedelta(days=1)
GATE = {"latitude": 23.4, "longitude": 113.2}


def _clocked_in(day: Day, workers: int, **engagement: Any) -> list[str]:
    """`workers` workers each engaged for day D (on `engagement`'s terms) and clocked in at
    07:00; their shift ids."""
    shift_ids = []
    for _ in range(workers):
        day.money.worker_id = day.money.new_worker()
        made = day.engage([{"day": D}], **engagement)
        assert made.status_code == 201, made.json
        shift_ids.append(day.shifts(made.json["id"])[0]["id"])
    day.clock.set(at(D, 7))
    for shift_id in shift_ids:
        assert day.clock_in(shift_id).status_code == 200
    return shift_ids


def _second_employer(day: Day) -> str:
    employer = post_created(day.api, "/v1/employers", employer_body())["id"]
    assert day.money.deposit(1_000_000, employer_id=employer).json["status"] == "succeeded"
    return str(employer)


def _accept(day: Day, items: list[dict[str, Any]], key: str | None = None) -> Any:
    return day.api.post(
        "/v1/clock-out-batches",
        {"clock_outs": items},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def _items(api: ApiClient, batch_id: str, limit: int = 3) -> list[dict[str, Any]]:
    """Every item, page by page."""
    found: list[dict[str, Any]] = []
    base = path = f"/v1/clock-out-batches/{batch_id}/items?limit={limit}"
    while True:
        page = api.get(path)
        assert page.status_code == 200, page.json
        found += page.json["data"]
        if not page.json["has_more"]:
            return found
        path = base + f"&cursor={page.json['next_cursor']}"


def _count(day: Day, model: Any, *where: Any) -> int:
    with database(day.money.tenant.app).unit_of_work(tenant_id=day.money.tenant.id) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)))


def test_a_batch_is_accepted_then_settled_per_item_as_the_synchronous_batch_would(
    day: Day,
) -> None:
    """Two employers (two chunks), three good clock-outs and four the synchronous batch
    refuses, with its codes; the batch completes with the counts, the ledger adds up."""
    good = _clocked_in(day, 2)
    other = _clocked_in(day, 1, employer_id=_second_employer(day))
    early, piece = _clocked_in(day, 2)
    scheduled = day.shifts(day.engage([{"day": D + dt.timedelta(days=1)}]).json["id"])[0]["id"]
    day.clock.set(at(D, 20))
    items = [
        {"shift_id": good[0]},
        {"shift_id": scheduled},  # not clocked in
        {"shift_id": other[0]},
        {"shift_id": "shf_" + "0" * 26},  # no such shift
        {"shift_id": early, "at": at(D, 6).isoformat()},  # before its clock-in
        {"shift_id": piece, "quantity": "3"},  # a quantity on daily pay
        {"shift_id": good[1], "at": at(D, 19, 30).isoformat(), "location": GATE},
    ]
    accepted = _accept(day, items)
    assert accepted.status_code == 202, accepted.json
    batch = accepted.json
    assert batch["id"].startswith("cob_") and batch["status"] == "accepted"
    assert batch["counts"] == {"total": 7, "pending": 7, "settled": 0, "failed": 0}
    assert batch["completed_at"] is None

    day.clock.set(at(D, 20, 5))  # settled later: the clock-outs keep their times
    done = day.api.get(f"/v1/clock-out-batches/{batch['id']}").json
    assert done["status"] == "completed" and done["completed_at"] is not None
    assert done["counts"] == {"total": 7, "pending": 0, "settled": 3, "failed": 4}
    results = _items(day.api, batch["id"])
    assert [r["position"] for r in results] == list(range(7))
    assert [r["shift_id"] for r in results] == [i["shift_id"] for i in items]
    assert [r["status"] for r in results] == [
        "settled", "failed", "settled", "failed", "failed", "failed", "settled",
    ]  # fmt: skip
    assert [r["error"]["code"] for r in results if r["error"]] == [
        "shift_not_in_progress",
        "resource_missing",
        "clock_time_invalid",
        "validation_error",
    ]
    assert results[4]["error"]["errors"][0]["field"] == "at"
    assert results[5]["error"]["errors"][0]["field"] == "quantity"
    for result in (results[0], results[2], results[6]):
        shift = day.api.get(f"/v1/shifts/{result['shift_id']}").json
        assert shift["status"] == "settled" and shift["payslip_id"] == result["payslip_id"]
        payout = day.api.get(f"/v1/payouts/{result['payout_id']}").json
        assert payout["amount"] == day.payslip(shift)["net"]
    clocked_out = [day.api.get(f"/v1/shifts/{s}").json["clock_out_at"] for s in good]
    assert clocked_out == ["2027-03-02T12:00:00+00:00", "2027-03-02T11:30:00+00:00"]
    with database(day.money.tenant.app).unit_of_work(tenant_id=day.money.tenant.id) as session:
        where = Shift.id == good[1]
        assert session.scalar(select(Shift.clock_out_location).where(where)) == GATE
    for shift_id in (early, piece):
        assert day.api.get(f"/v1/shifts/{shift_id}").json["status"] == "in_progress"
    completed = day.api.get("/v1/events?type=clock_out_batch.completed").json["data"]
    assert [e["data"]["object"]["id"] for e in completed] == [batch["id"]]
    assert completed[0]["data"]["object"]["counts"]["failed"] == 4
    # two paid, three still held (the two in progress, the one scheduled)
    assert day.money.escrow()["available"] == 10_000_000 - 5 * 28_000
    assert day.money.audit() == []


def test_a_replay_answers_the_same_batch_and_records_no_other(day: Day) -> None:
    shifts = _clocked_in(day, 2)
    day.clock.set(at(D, 20))
    key = str(uuid.uuid4())
    first = _accept(day, [{"shift_id": s} for s in shifts], key=key)
    again = _accept(day, [{"shift_id": s} for s in shifts], key=key)
    assert first.status_code == again.status_code == 202
    assert again.json == first.json  # the stored answer: `accepted`, as it was
    other = _accept(day, [{"shift_id": shifts[0]}], key=key)
    assert other.status_code == 422 and other.json["code"] == "idempotency_error"
    assert _count(day, clock_out_batches.ClockOutBatch) == 1
    assert day.api.get(f"/v1/clock-out-batches/{first.json['id']}").json["counts"]["settled"] == 2
    assert day.money.audit() == []


def test_another_tenants_batch_is_missing(day: Day, other_tenant: Any, client: Any) -> None:
    (shift,) = _clocked_in(day, 1)
    batch = _accept(day, [{"shift_id": shift}]).json["id"]
    theirs = ApiClient(client, other_tenant.api_key)
    for path in (f"/v1/clock-out-batches/{batch}", f"/v1/clock-out-batches/{batch}/items"):
        answer = theirs.get(path)
        assert answer.status_code == 404 and answer.json["code"] == "resource_missing", path
    assert day.api.get("/v1/clock-out-batches/cob_" + "0" * 26).status_code == 404
    cursor = day.api.get(f"/v1/clock-out-batches/{batch}/items?cursor=bm90LWEtY3Vyc29y")
    assert cursor.status_code == 422 and cursor.json["errors"][0]["field"] == "cursor"


def test_too_many_items_or_a_shift_twice_is_refused_whole(day: Day) -> None:
    (shift,) = _clocked_in(day, 1)
    too_many = _accept(day, [{"shift_id": "shf_" + f"{i:026d}"} for i in range(1_001)])
    assert too_many.status_code == 422, too_many.json
    twice = _accept(day, [{"shift_id": shift}, {"shift_id": shift}])
    assert twice.status_code == 422 and twice.json["errors"][0]["field"] == "clock_outs.1.shift_id"
    assert _count(day, clock_out_batches.ClockOutBatch) == 0
    assert day.api.get(f"/v1/shifts/{shift}").json["status"] == "in_progress"


@pytest.fixture()
def held_jobs(monkeypatch: Any) -> list[tuple[Any, str | None, dict[str, Any]]]:
    """Jobs are queued here instead of running; `_run_held` runs them (and what they queue)."""
    queued: list[tuple[Any, str | None, dict[str, Any]]] = []
    runner = jobs.runner()
    monkeypatch.setattr(
        runner, "dispatch", lambda fn, tenant, kwargs, **_o: queued.append((fn, tenant, kwargs))
    )
    return queued


def _run_held(queued: list[tuple[Any, str | None, dict[str, Any]]], *kinds: Any) -> list[Any]:
    """Run the held jobs of these kinds, first in first out, until none is left; the others
    (payouts, webhooks) stay queued. Returns what ran, with its arguments."""
    ran = []
    while found := [q for q in queued if q[0] in kinds]:
        queued.remove(found[0])
        fn, tenant, kwargs = found[0]
        jobs.runner().run(f"{fn.__module__}:{fn.__qualname__}", tenant, kwargs)
        ran.append((fn, kwargs))
    return ran


def test_jobs_run_twice_or_late_settle_nothing_twice(day: Day, held_jobs: Any) -> None:
    """The planning and the chunk jobs, each run twice (RQ delivers at least once), and a
    shift of the batch clocked out on its own meanwhile: every shift is settled once, the
    item of the one settled meanwhile fails as the synchronous batch would fail it."""
    shifts = _clocked_in(day, 3)
    day.clock.set(at(D, 20))
    batch = _accept(day, [{"shift_id": s} for s in shifts]).json["id"]
    waiting = _items(day.api, batch, limit=2)  # not planned yet: as accepted
    assert [(i["position"], i["shift_id"], i["status"]) for i in waiting] == [
        (n, s, "pending") for n, s in enumerate(shifts)
    ]
    assert {i["at"] for i in waiting} == {"2027-03-02T12:00:00+00:00"}
    assert day.api.get(f"/v1/clock-out-batches/{batch}").json["status"] == "accepted"
    assert day.clock_out(shifts[1]).status_code == 200  # before the workers get to it
    kinds = (clock_out_batches.plan_batch, clock_out_batches.settle_chunk)
    planned = [(fn, t, k) for fn, t, k in held_jobs if fn is clock_out_batches.plan_batch]
    held_jobs.extend(planned)  # the planning job delivered twice
    ran = _run_held(held_jobs, *kinds)
    chunks = [k for fn, k in ran if fn is clock_out_batches.settle_chunk]
    assert len(chunks) == 2 and chunks[0] == chunks[1]  # one chunk (one employer), twice
    for kwargs in chunks:  # and once more, late
        jobs.runner().run("app.work.clock_out_batches:settle_chunk", day.money.tenant.id, kwargs)
    done = day.api.get(f"/v1/clock-out-batches/{batch}").json
    assert done["counts"] == {"total": 3, "pending": 0, "settled": 2, "failed": 1}
    results = _items(day.api, batch)
    assert results[1]["error"]["code"] == "shift_not_in_progress"
    events = day.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert sorted(e["data"]["object"]["id"] for e in events) == sorted(shifts)
    assert len(day.api.get("/v1/events?type=clock_out_batch.completed").json["data"]) == 1
    assert day.money.escrow()["available"] == 10_000_000 - 3 * 28_000
    assert day.money.audit() == []


def test_a_batch_whose_jobs_were_lost_is_settled_by_the_periodic_task(
    day: Day, held_jobs: Any
) -> None:
    shifts = _clocked_in(day, 2)
    day.clock.set(at(D, 20))
    batch = _accept(day, [{"shift_id": s} for s in shifts]).json["id"]
    held_jobs.clear()  # Redis lost them
    task = schedule.get("work.clock_out_batches")
    app, tenant = day.money.tenant.app, day.money.tenant
    assert schedule.run(database(app), task, tenant_id=tenant.id) == 0  # not stalled yet
    day.clock.advance(minutes=11)
    assert schedule.run(database(app), task, tenant_id=tenant.id) == 1
    _run_held(held_jobs, clock_out_batches.plan_batch, clock_out_batches.settle_chunk)
    done = day.api.get(f"/v1/clock-out-batches/{batch}").json
    assert done["status"] == "completed" and done["counts"]["settled"] == 2
    assert schedule.run(database(app), task, tenant_id=tenant.id) == 0
    assert day.money.audit() == []
