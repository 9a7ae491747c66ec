"""Batch clock-out: the factory gate at 20:00, many shifts settled in one call, each on its
own; the statements do not grow with the batch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.auth import Actor
from app.work import service
from tests.helpers import database, sent_sql
from tests.work.conftest import MARCH, Day, at

D = MARCH + dt.timedelta(days=1)
ACTOR = Actor("system", None)


def _clocked_in(day: Day, workers: int, **engagement: Any) -> list[str]:
    """`workers` workers each engaged for day D and clocked in at 07:00; their shift ids."""
    shift_ids = []
    plan = engagement.pop("plan", {})
    for _ in range(workers):
        day.money.worker_id = day.money.new_worker()
        made = day.engage([{"day": D, **plan}], **engagement)
        assert made.status_code == 201, made.json
        shift_ids.append(day.shifts(made.json["id"])[0]["id"])
    day.clock.set(at(D, 7))
    for shift_id in shift_ids:
        assert day.clock_in(shift_id).status_code == 200
    return shift_ids


def _batch(day: Day, items: list[dict[str, Any]]) -> Any:
    return day.money.post("/v1/shifts/clock-outs", {"clock_outs": items})


def test_a_batch_settles_every_shift_with_the_same_statements_for_10_or_30(day: Day) -> None:
    """Counted in the service (the inline jobs that send the payouts after commit are not
    the batch's): the same statements for 10 shifts as for 30, except the ledger's balance
    UPDATE, which is one per account (each worker has a payable; one pipelined round trip
    on PostgreSQL), and no more than 29 of them (34 before the releases' and the payouts'
    transactions were posted together and accounts created with RETURNING)."""
    shifts = _clocked_in(day, 40)
    day.clock.set(at(D, 20))
    app, tenant = day.money.tenant.app, day.money.tenant
    counts = []
    for batch in (shifts[:10], shifts[10:]):
        with database(app).unit_of_work(tenant_id=tenant.id) as session, sent_sql(app) as sent:
            outcomes = service.clock_out_many(
                session, actor=ACTOR, items=[service.ClockOut(s) for s in batch]
            )
        assert [o.shift_id for o in outcomes] == batch
        assert all(o.shift is not None and o.error is None for o in outcomes)
        balance_updates = [s for s in sent if s.startswith("UPDATE ledger_accounts")]
        counts.append(len(sent) - len(balance_updates))
        # the releases' and the payouts' transactions are posted together: one UPDATE per
        # account (held, escrow, tax, fees, each payable, the provider's cash)
        assert len(balance_updates) <= len(batch) + 5
    assert counts[0] == counts[1], counts  # never a statement per shift
    assert counts[0] <= 29, counts  # a ceiling: 29 on PostgreSQL, 26 on SQLite
    assert day.money.escrow()["available"] == 10_000_000 - 40 * 28_000
    settled = day.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert len(settled) == 40
    assert day.money.audit() == []


def test_the_batch_endpoint_answers_each_item_in_order(day: Day) -> None:
    shifts = _clocked_in(day, 3)
    day.clock.set(at(D, 20))
    answer = _batch(day, [{"shift_id": s} for s in shifts])
    assert answer.status_code == 200, answer.json
    assert [r["shift_id"] for r in answer.json["results"]] == shifts
    assert {r["status"] for r in answer.json["results"]} == {"settled"}
    assert all(r["shift"]["payslip_id"] and r["error"] is None for r in answer.json["results"])


def test_each_item_succeeds_or_fails_on_its_own(day: Day, other_tenant: Any) -> None:
    good, early, piece = _clocked_in(day, 3)
    scheduled = day.shifts(day.engage([{"day": D + dt.timedelta(days=1)}]).json["id"])[0]["id"]
    day.clock.set(at(D, 20))
    answer = _batch(
        day,
        [
            {"shift_id": good},
            {"shift_id": scheduled},  # not clocked in
            {"shift_id": "shf_" + "0" * 26},  # no such shift
            {"shift_id": early, "at": at(D, 6).isoformat()},  # before its clock-in
            {"shift_id": piece, "quantity": "3"},  # a quantity on daily pay
        ],
    )
    assert answer.status_code == 200, answer.json
    results = answer.json["results"]
    assert [r["status"] for r in results] == ["settled", "failed", "failed", "failed", "failed"]
    assert [r["error"]["code"] for r in results[1:]] == [
        "shift_not_in_progress",
        "resource_missing",
        "clock_time_invalid",
        "validation_error",
    ]
    assert results[3]["error"]["errors"][0]["field"] == "at"
    assert results[4]["error"]["errors"][0]["field"] == "quantity"
    for shift_id, status in ((early, "in_progress"), (piece, "in_progress")):
        assert day.api.get(f"/v1/shifts/{shift_id}").json["status"] == status
    assert day.money.audit() == []


def test_an_item_the_escrow_cannot_pay_fails_alone(day: Day) -> None:
    """Three piece-rate shifts (1,000 boxes at 0.35 planned, 350.00 held each); the employer's
    available escrow is then spent down to 100.00. Two made 1,000 boxes (within their holds),
    one made 2,000: the 350.00 above its hold is more than is available, so it alone fails
    (402) and stays in progress."""
    shifts = _clocked_in(
        day,
        3,
        pay={"basis": "piece", "rate": "0.35", "unit": "box"},
        plan={"expected_quantity": "1000"},
    )
    available = day.money.escrow()["available"]
    assert day.money.hold(available - 10_000).status_code == 201
    day.clock.set(at(D, 20))
    answer = _batch(
        day,
        [
            {"shift_id": shifts[0], "quantity": "1000"},
            {"shift_id": shifts[1], "quantity": "2000"},
            {"shift_id": shifts[2], "quantity": "1000"},
        ],
    )
    results = answer.json["results"]
    assert [r["status"] for r in results] == ["settled", "failed", "settled"], results
    assert results[1]["error"]["status"] == 402
    assert results[1]["error"]["code"] == "insufficient_escrow_balance"
    assert day.api.get(f"/v1/shifts/{shifts[1]}").json["status"] == "in_progress"
    assert day.money.escrow()["available"] == 10_000
    assert day.money.audit() == []


def test_a_shift_twice_or_too_many_items_is_refused_whole(day: Day) -> None:
    (shift,) = _clocked_in(day, 1)
    twice = _batch(day, [{"shift_id": shift}, {"shift_id": shift}])
    assert twice.status_code == 422 and twice.json["errors"][0]["field"] == "clock_outs.1.shift_id"
    too_many = _batch(day, [{"shift_id": "shf_" + f"{i:026d}"} for i in range(1_001)])
    assert too_many.status_code == 422
    assert day.api.get(f"/v1/shifts/{shift}").json["status"] == "in_progress"


def test_a_batch_queues_one_send_job_for_its_payouts_and_it_pays_them_all(
    day: Day, monkeypatch: Any
) -> None:
    """A batch clock-out's payouts leave in one `send_payouts` job (not one job each), which
    pays every one of them; running it again pays nothing twice."""
    from app.core import jobs
    from app.core.jobs import UnitsOfWork
    from app.payouts import sending
    from app.payouts import service as payouts

    shifts = _clocked_in(day, 12)
    day.clock.set(at(D, 20))
    app, tenant = day.money.tenant.app, day.money.tenant
    queued: list[tuple[Any, dict[str, Any]]] = []
    runner = jobs.runner()
    monkeypatch.setattr(
        runner, "dispatch", lambda fn, _t, kwargs, **_o: queued.append((fn, kwargs))
    )
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        service.clock_out_many(session, actor=ACTOR, items=[service.ClockOut(s) for s in shifts])
    sends = [
        (fn, kwargs) for fn, kwargs in queued if fn in (sending.send_payouts, payouts.send_payout)
    ]
    assert len(sends) == 1 and sends[0][0] is sending.send_payouts, sends
    payout_ids = sends[0][1]["payout_ids"]
    assert len(payout_ids) == 12
    for _ in range(2):  # at least once: a second run finds them paid
        with database(app).unit_of_work(tenant_id=tenant.id) as session:
            statuses = sending.send_payouts(UnitsOfWork.of(session), payout_ids=payout_ids)
        assert set(statuses.values()) == {"paid"}, statuses
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        assert set(payouts.statuses(session, payout_ids).values()) == {"paid"}
    transfers = day.api.get("/v1/payouts?status=paid&limit=100").json["data"]
    assert len(transfers) == 12
    assert day.money.audit() == []


def test_one_clock_out_settles_in_a_bounded_number_of_statements(day: Day) -> None:
    """A clock-out's settlement, counted in the service: 36 statements before the events
    were written together, the shift updated once and its worker read once, 31 after; 27
    since the release's and the payout's ledger transactions are posted together (one
    INSERT of transactions, one of entries, the worker's payable updated once) and a new
    account is created with RETURNING (no SELECT after); a ceiling that fails if it grows
    again (e.g. an event flushed on its own, a row read twice)."""
    [shift] = _clocked_in(day, 1)
    day.clock.set(at(D, 20))
    app, tenant = day.money.tenant.app, day.money.tenant
    with database(app).unit_of_work(tenant_id=tenant.id) as session, sent_sql(app) as sent:
        service.clock_out(session, actor=ACTOR, shift_id=shift)
    assert len([s for s in sent if s.startswith("INSERT INTO events")]) == 1, sent
    assert len([s for s in sent if s.startswith("UPDATE work_shifts")]) == 1, sent
    assert len([s for s in sent if s.startswith("SELECT workers")]) == 1, sent
    assert len([s for s in sent if s.startswith("INSERT INTO ledger_entries")]) == 1, sent
    assert len(sent) <= 27, sent
