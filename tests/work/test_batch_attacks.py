"""Batch clock-out and a worker's earnings, attacked: another tenant's ids, the limits, bad
items among good ones, the escrow fallback, replays, withholding across a batch, and the
months an integrator gets wrong."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from app.core.auth import Actor
from app.parties import service as parties
from app.work import service
from tests.helpers import ApiClient, TenantHandle, database, employer_body
from tests.money.conftest import make_money
from tests.work.conftest import Day, at
from tests.work.test_batch import D, _batch, _clocked_in

SYSTEM = Actor("system", None)
UNKNOWN = "shf_" + "0" * 26
HERE = {"latitude": 23.4, "longitude": 113.2}


def _post(day: Day, items: list[dict[str, Any]], key: str) -> Any:
    return day.api.post(
        "/v1/shifts/clock-outs", {"clock_outs": items}, headers={"Idempotency-Key": key}
    )


def _fenced(day: Day, workers: int, policy: str, **engagement: Any) -> list[str]:
    """As `_clocked_in`, at a site fenced 100 m around HERE (clocked in there)."""
    site = {"geofence": {**HERE, "radius_m": 100, "policy": policy}}
    shift_ids = []
    for _ in range(workers):
        day.money.worker_id = day.money.new_worker()
        made = day.engage([{"day": D, **engagement.pop("plan", {})}], site=site, **engagement)
        assert made.status_code == 201, made.json
        shift_ids.append(day.shifts(made.json["id"])[0]["id"])
    for shift_id in shift_ids:
        assert day.clock_in(shift_id, at(D, 7), location=HERE).status_code == 200
    return shift_ids


def _shift(day: Day, shift_id: str) -> dict[str, Any]:
    return dict(day.api.get(f"/v1/shifts/{shift_id}").json)


def _is_problem(error: dict[str, Any], status: int, code: str, field: str | None = None) -> None:
    assert error["status"] == status and error["code"] == code, error
    assert error["detail"] and error["type"].endswith(code), error
    if field is not None:
        assert [e["field"] for e in error["errors"]] == [field], error
        assert error["param"] == field


# -- another tenant -------------------------------------------------------------------------


def test_another_tenants_shift_in_a_batch_is_missing_and_left_alone(
    day: Day, client: Any, other_tenant: TenantHandle
) -> None:
    (mine,) = _clocked_in(day, 1)
    other = Day(make_money(ApiClient(client, other_tenant.api_key), other_tenant), day.clock)
    assert other.money.deposit(1_000_000).json["status"] == "succeeded"
    (theirs,) = _clocked_in(other, 1)
    day.clock.set(at(D, 20))
    answer = _batch(day, [{"shift_id": theirs}, {"shift_id": mine}, {"shift_id": UNKNOWN}])
    assert answer.status_code == 200, answer.json
    foreign, settled, unknown = answer.json["results"]
    assert settled["status"] == "settled"
    assert foreign["status"] == "failed" and foreign["shift"] is None
    _is_problem(foreign["error"], 404, "resource_missing")
    # exactly what an id that exists nowhere gets: nothing tells the two apart
    strip = {"request_id", "shift_id"}
    assert {k: v for k, v in foreign["error"].items() if k not in strip} == {
        k: v for k, v in unknown["error"].items() if k not in strip
    }
    text = answer.get_data(as_text=True)
    for secret in (other.money.worker_id, other.money.employer_id, other_tenant.id):
        assert secret not in text
    assert _shift(other, theirs)["status"] == "in_progress"
    assert other.money.escrow()["available"] == 1_000_000 - 28_000
    assert other.api.get("/v1/events?type=shift.settled").json["data"] == []
    assert day.money.audit() == [] and other.money.audit() == []


def test_another_tenants_worker_has_no_earnings(
    day: Day, client: Any, other_tenant: TenantHandle
) -> None:
    theirs = ApiClient(client, other_tenant.api_key)
    answer = theirs.get(f"/v1/workers/{day.money.worker_id}/earnings?month=2027-03")
    assert answer.status_code == 404 and answer.json["code"] == "resource_missing"
    mine = day.api.get(f"/v1/workers/{day.money.worker_id}/earnings?month=2027-03")
    assert mine.status_code == 200, mine.json


# -- the limits -----------------------------------------------------------------------------


def test_a_batch_of_1000_settles_in_reasonable_time(day: Day) -> None:
    """1,000 workers clocked in (through the services, one transaction), settled in one call."""
    app, tenant = day.money.tenant.app, day.money.tenant
    day.clock.set(at(D, 7))
    shift_ids = []
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        for n in range(1_000):
            worker = parties.create_worker(
                session,
                actor=SYSTEM,
                name="工人",
                mobile=f"139{n:08d}",
                id_card_number=_id_card(n),
                skills=[],
                payout_account={
                    "kind": "wallet",
                    "provider": "wechat",
                    "account_reference": f"wxid_{n}",
                },
                metadata={},
            )
            engagement = service.create_engagement(
                session,
                actor=SYSTEM,
                worker_id=worker.id,
                employer_id=day.money.employer_id,
                pay={"basis": "daily", "rate": "80.00"},
                first_day=D,
                last_day=D,
                shifts=[{"day": D}],
            )
            session.flush()
            (shift,) = service.list_shifts(session, limit=1, engagement_id=engagement.id).data
            service.clock_in(session, actor=SYSTEM, shift_id=shift.id)
            shift_ids.append(shift.id)
    day.clock.set(at(D, 20))
    started = time.monotonic()
    answer = _batch(day, [{"shift_id": s} for s in shift_ids])
    took = time.monotonic() - started
    assert answer.status_code == 200, answer.json
    assert [r["status"] for r in answer.json["results"]] == ["settled"] * 1_000
    print(f"1,000 clock-outs in {took:.1f} s")
    assert took < 60, took
    assert day.money.escrow()["available"] == 10_000_000 - 1_000 * 8_000
    assert day.money.audit() == []


def _id_card(n: int) -> str:
    """A valid PRC resident id number (check digit), distinct per n."""
    body = f"1101011990{(n // 1000) % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def test_the_batch_limits_and_shapes(day: Day) -> None:
    (shift,) = _clocked_in(day, 1)
    day.clock.set(at(D, 20))
    for body, field in (
        ({"clock_outs": []}, "clock_outs"),
        ({}, "clock_outs"),
        ({"clock_outs": None}, "clock_outs"),
        ({"clock_outs": {"shift_id": shift}}, "clock_outs"),
        ({"clock_outs": [{"shift_id": "shf_nope"}]}, "clock_outs.0.shift_id"),
        ({"clock_outs": [{"shift_id": shift.replace("shf_", "wkr_")}]}, "clock_outs.0.shift_id"),
        ({"clock_outs": [{"shift_id": 7}]}, "clock_outs.0.shift_id"),
        ({"clock_outs": [{}]}, "clock_outs.0.shift_id"),
        ({"clock_outs": ["shf_x"]}, "clock_outs.0"),
        ({"clock_outs": [{"shift_id": shift, "at": "yesterday"}]}, "clock_outs.0.at"),
        ({"clock_outs": [{"shift_id": shift, "quantity": 3}]}, "clock_outs.0.quantity"),
        ({"clock_outs": [{"shift_id": shift, "quantity": "-1"}]}, "clock_outs.0.quantity"),
        (
            {"clock_outs": [{"shift_id": shift, "location": {"latitude": 91, "longitude": 0}}]},
            "clock_outs.0.location.latitude",
        ),
        ({"clock_outs": [{"shift_id": shift, "tip": 5}]}, "clock_outs.0.tip"),
    ):
        answer = day.money.post("/v1/shifts/clock-outs", body)
        assert answer.status_code == 422, (body, answer.json)
        assert answer.json["code"] == "validation_error"
        assert field in [e["field"] for e in answer.json["errors"]], (body, answer.json)
    over = _batch(day, [{"shift_id": "shf_" + f"{i:026d}"} for i in range(1_001)])
    assert over.status_code == 422 and over.json["errors"][0]["field"] == "clock_outs"
    exactly = _batch(day, [{"shift_id": "shf_" + f"{i:026d}"} for i in range(1_000)])
    assert exactly.status_code == 200
    assert {r["error"]["code"] for r in exactly.json["results"]} == {"resource_missing"}
    assert _shift(day, shift)["status"] == "in_progress"


def test_a_duplicate_is_refused_whole_even_far_apart(day: Day) -> None:
    a, b = _clocked_in(day, 2)
    day.clock.set(at(D, 20))
    answer = _batch(day, [{"shift_id": a}, {"shift_id": b}, {"shift_id": UNKNOWN}, {"shift_id": a}])
    assert answer.status_code == 422
    assert answer.json["errors"][0]["field"] == "clock_outs.3.shift_id"
    assert {_shift(day, s)["status"] for s in (a, b)} == {"in_progress"}


# -- bad items among good ones --------------------------------------------------------------


def test_bad_times_quantities_and_places_fail_alone(day: Day) -> None:
    good, early, future, tomorrow = _clocked_in(day, 4)
    fenced = _fenced(day, 2, "refuse")
    piece = _clocked_in(
        day,
        1,
        pay={"basis": "piece", "rate": "0.35", "unit": "box"},
        plan={"expected_quantity": "9"},
    )[0]
    day.clock.set(at(D, 20))
    answer = _batch(
        day,
        [
            {"shift_id": good},
            {"shift_id": early, "at": at(D, 7).isoformat()},  # at the clock-in itself
            {"shift_id": future, "at": at(D, 23).isoformat()},
            {"shift_id": tomorrow, "at": at(D - dt.timedelta(days=1), 23).isoformat()},
            {"shift_id": fenced[0], "location": {"latitude": 0, "longitude": 0}},
            {"shift_id": fenced[1]},  # no location at a refusing site
            {"shift_id": piece},  # piece work without its quantity
        ],
    )
    assert answer.status_code == 200, answer.json
    results = answer.json["results"]
    assert [r["status"] for r in results] == ["settled"] + ["failed"] * 6, results
    for result in results[1:4]:
        _is_problem(result["error"], 422, "clock_time_invalid", "at")
    _is_problem(results[4]["error"], 422, "outside_geofence", "location")
    _is_problem(results[5]["error"], 422, "outside_geofence", "location")
    _is_problem(results[6]["error"], 422, "validation_error", "quantity")
    for result in results[1:]:
        shown = _shift(day, result["shift_id"])
        assert shown["status"] == "in_progress" and shown["clock_out_at"] is None, shown
        assert shown["flags"] == [] and shown["payslip_id"] is None
    # and the same items, put right, settle afterwards
    again = _batch(
        day,
        [
            {"shift_id": early},
            {"shift_id": fenced[0], "location": HERE},
            {"shift_id": piece, "quantity": "10"},
        ],
    )
    assert {r["status"] for r in again.json["results"]} == {"settled"}, again.json
    assert day.money.audit() == []


def test_the_escrow_fallback_leaves_the_unpaid_shift_untouched(day: Day) -> None:
    """The item that cannot be paid keeps no trace of the attempt (no clock-out time, no
    flag), the others are settled once, flagged once, and the money adds up."""
    shifts = [
        _fenced(
            day,
            1,
            "flag",
            pay={"basis": "piece", "rate": "0.35", "unit": "box"},
            plan={"expected_quantity": "1000"},
        )[0]
        for _ in range(3)
    ]
    spare = day.money.escrow()["available"] - 10_000
    assert day.money.hold(spare).status_code == 201
    day.clock.set(at(D, 20))
    answer = _batch(
        day,
        [
            {"shift_id": shifts[0], "quantity": "900"},  # without location: flagged
            {"shift_id": shifts[1], "quantity": "2000"},  # 350.00 over its hold
            {"shift_id": shifts[2], "quantity": "1000"},
        ],
    )
    results = answer.json["results"]
    assert [r["status"] for r in results] == ["settled", "failed", "settled"], results
    _is_problem(results[1]["error"], 402, "insufficient_escrow_balance")
    assert results[0]["shift"]["flags"] == ["clock_out_without_location"]
    assert _shift(day, shifts[0])["flags"] == ["clock_out_without_location"]
    unpaid = _shift(day, shifts[1])
    assert unpaid["status"] == "in_progress"
    assert unpaid["clock_out_at"] is None and unpaid["quantity"] is None, unpaid
    assert unpaid["flags"] == [], unpaid
    # 900 boxes: 315.00 of a 350.00 hold, 35.00 back; 1,000: all of it
    assert day.money.escrow()["available"] == 10_000 + 3_500
    assert day.money.escrow()["held"] == spare + 35_000
    settled = day.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert sorted(e["data"]["object"]["id"] for e in settled) == sorted([shifts[0], shifts[2]])
    assert day.money.audit() == []
    # the escrow topped up, it settles alone, flagged once
    assert day.money.deposit(100_000).json["status"] == "succeeded"
    later = _batch(day, [{"shift_id": shifts[1], "quantity": "2000"}]).json["results"][0]
    assert later["status"] == "settled", later
    assert later["shift"]["flags"] == ["clock_out_without_location"]
    assert day.money.audit() == []


# -- replays --------------------------------------------------------------------------------


def test_a_replayed_batch_settles_nothing_twice(day: Day) -> None:
    shifts = _clocked_in(day, 3)
    day.clock.set(at(D, 20))
    items = [{"shift_id": s} for s in shifts] + [{"shift_id": UNKNOWN}]
    key = str(uuid.uuid4())
    first = _post(day, items, key)
    assert first.status_code == 200
    escrow, cash = day.money.escrow(), day.money.cash()
    replay = _post(day, items, key)
    assert replay.status_code == 200 and replay.json == first.json
    other_body = _post(day, items[:2], key)
    assert other_body.status_code == 422 and other_body.json["code"] == "idempotency_error"
    fresh = _post(day, items, str(uuid.uuid4()))
    assert fresh.status_code == 200
    codes = [r["error"]["code"] for r in fresh.json["results"]]
    assert codes == ["shift_not_in_progress"] * 3 + ["resource_missing"]
    assert day.money.escrow() == escrow and day.money.cash() == cash
    settled = day.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert len(settled) == 3
    payslips = {e["data"]["payslip"]["id"] for e in settled}
    assert {r["shift"]["payslip_id"] for r in first.json["results"][:3]} == payslips
    assert day.money.audit() == []


# -- withholding across a batch -------------------------------------------------------------


def _two_days(day: Day, employer_id: str) -> list[str]:
    """A new worker engaged by `employer_id` at 1,000.00 a day for D and D+1, clocked in on
    both: their shift ids."""
    day.money.worker_id = day.money.new_worker()
    made = day.engage(
        [{"day": D}, {"day": D + dt.timedelta(days=1)}],
        employer_id=employer_id,
        pay={"basis": "daily", "rate": "1000.00"},
    )
    assert made.status_code == 201, made.json
    return [s["id"] for s in day.shifts(made.json["id"])]


def test_withholding_in_a_batch_is_what_single_clock_outs_withhold(day: Day) -> None:
    """Two employers, two workers of the first and one of the second, each with two shifts
    of the month settled at once: each worker's withholding is month to date per employer,
    as single clock-outs in the same order give (1,000.00: 40.00, then 200.00)."""
    second = day.api.post("/v1/employers", employer_body()).json["id"]
    assert day.money.deposit(10_000_000, employer_id=second).json["status"] == "succeeded"

    def everyone() -> list[str]:
        return [s for e in (day.money.employer_id, day.money.employer_id, second)
                for s in _two_days(day, e)]  # fmt: skip

    batched, single = everyone(), everyone()
    for n, hour in ((0, 7), (1, 5)):
        day.clock.set(at(D + dt.timedelta(days=n), hour))
        for shift_id in (batched + single)[n::2]:
            assert day.clock_in(shift_id).status_code == 200
    day.clock.set(at(D + dt.timedelta(days=1), 6))  # within 24 hours of both clock-ins
    answer = _batch(day, [{"shift_id": s} for s in batched])
    assert [r["status"] for r in answer.json["results"]] == ["settled"] * 6, answer.json
    for shift_id in single:
        assert day.clock_out(shift_id).status_code == 200

    def withheld(shifts: list[str]) -> list[int]:
        return [day.payslip({"id": s})["withheld"] for s in shifts]

    assert withheld(batched) == withheld(single) == [4_000, 20_000] * 3
    assert day.money.audit() == []


# -- earnings -------------------------------------------------------------------------------


def _earnings(day: Day, worker_id: str, month: str | None) -> Any:
    query = "" if month is None else f"?month={month}"
    return day.api.get(f"/v1/workers/{worker_id}/earnings{query}")


def test_bad_months_are_422_never_500(day: Day) -> None:
    worker = day.money.worker_id
    for month in ("2027-00", "2027-13", "0000-01", "27-03", "2027-3", "2027-03-01", "", None):
        answer = _earnings(day, worker, month)
        assert answer.status_code == 422, (month, answer.get_data(as_text=True))
        assert answer.json["errors"][0]["field"] == "month", answer.json
    for month in ("0001-01", "9999-12"):
        answer = _earnings(day, worker, month)
        assert answer.status_code == 200, (month, answer.get_data(as_text=True))
        assert answer.json["totals"] == []


def test_a_worker_without_payslips_earned_nothing(day: Day) -> None:
    answer = _earnings(day, day.money.worker_id, "2027-03")
    assert answer.status_code == 200
    assert answer.json == {"worker_id": day.money.worker_id, "month": "2027-03", "totals": []}


def test_earnings_of_payouts_paid_and_failed(day: Day) -> None:
    """Three days at 280.00: two paid to a wallet that pays, then the worker's account closes
    (the sandbox's `sandbox_closed`) and the third day's payout fails: pending, not paid."""
    worker = day.money.worker_id
    made = day.engage([{"day": D + dt.timedelta(days=n)} for n in range(3)])
    shifts = day.shifts(made.json["id"])
    closed = {"payout_account": {"kind": "wallet", "provider": "alipay",
                                 "account_reference": "sandbox_closed"}}  # fmt: skip
    for n, shift in enumerate(shifts):
        if n == 2:
            assert day.api.patch(f"/v1/workers/{worker}", closed).status_code == 200
        when = dt.date.fromisoformat(shift["day"])
        assert day.clock_in(shift["id"], at(when, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(when, 20)).status_code == 200
    payout = day.payslip(shifts[2])["payout_id"]
    assert day.api.get(f"/v1/payouts/{payout}").json["status"] == "failed"
    totals = _earnings(day, worker, "2027-03").json["totals"]
    assert totals == [
        {"currency": "CNY", "payslips": 3, "gross": 84_000, "withheld": 800,
         "net": 83_200, "paid": 56_000, "pending": 27_200},
    ]  # fmt: skip
    assert _earnings(day, worker, "2027-04").json["totals"] == []
    assert _earnings(day, worker, "2027-02").json["totals"] == []


def test_earnings_in_two_currencies(day: Day) -> None:
    """The withholding rule taxes income in its currency (CNY): pay in USD is settled with
    nothing withheld (the payslip says the rule's currency), and earnings show each
    currency apart."""
    assert day.money.deposit(1_000_000, currency="USD").json["status"] == "succeeded"
    cny = day.engage([{"day": D}])
    later = D + dt.timedelta(days=1)  # one shift a day for the worker
    usd = day.engage([{"day": later}], currency="USD", pay={"basis": "daily", "rate": "100.00"})
    assert usd.status_code == 201, usd.json
    shifts = [day.shifts(cny.json["id"])[0]["id"], day.shifts(usd.json["id"])[0]["id"]]
    assert day.clock_in(shifts[0], at(D, 7)).status_code == 200
    assert day.clock_in(shifts[1], at(later, 5)).status_code == 200
    day.clock.set(at(later, 6))
    answer = _batch(day, [{"shift_id": s} for s in shifts])
    assert [r["status"] for r in answer.json["results"]] == ["settled"] * 2, answer.json
    totals = _earnings(day, day.money.worker_id, "2027-03").json["totals"]
    assert [t["currency"] for t in totals] == ["CNY", "USD"]
