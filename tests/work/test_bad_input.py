"""Bad input to the day of work, as a hostile tenant or a hurried integrator sends it: a clear
problem+json with the right status, a stable `code` and the field named, never a 500, and
nothing created, held or paid that should not be.

Figures in fen; the employer deposited 100,000.00 (10,000,000) first; the clock is frozen on
1 March 2027, 06:00 Shanghai time, and only moves forward.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest

from tests.helpers import ApiClient, TenantHandle, assert_problem, employer_body, worker_body
from tests.signing.conftest import contract, sign
from tests.work.conftest import MARCH, Day, at

D1 = MARCH + dt.timedelta(days=1)
D2 = MARCH + dt.timedelta(days=2)
FUNDED = 10_000_000
FENCE = {"latitude": 31.2304, "longitude": 121.4737, "radius_m": 200}
ON_SITE = {"latitude": 31.2305, "longitude": 121.4738}
FAR_AWAY = {"latitude": 39.9042, "longitude": 116.4074}  # Beijing


def problem(resp: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    """`assert_problem`, and when `field` is given, a field error naming it (or a part of
    it: `metadata` for `metadata.k.value`)."""
    body = assert_problem(resp, status, code)
    if field is not None:
        named = [e["field"] for e in body.get("errors") or []]
        assert any(n == field or n.startswith(field + ".") for n in named), body
    return body


def engaged(day: Day, shifts: list[dict[str, Any]] | None = None, **body: Any) -> dict[str, Any]:
    resp = day.engage([{"day": D1}] if shifts is None else shifts, **body)
    assert resp.status_code == 201, resp.json
    return dict(resp.json)


def one_shift(day: Day, **body: Any) -> dict[str, Any]:
    return day.shifts(engaged(day, **body)["id"])[0]


def started(day: Day, **body: Any) -> dict[str, Any]:
    shift = one_shift(day, **body)
    resp = day.clock_in(shift["id"], at(D1, 7))
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def nothing_engaged(day: Day) -> None:
    assert day.api.get("/v1/engagements?limit=100").json["data"] == []
    assert day.api.get("/v1/shifts?limit=100").json["data"] == []
    assert day.api.get("/v1/escrow/holds?limit=100").json["data"] == []
    assert day.money.escrow()["available"] == FUNDED
    assert day.money.escrow()["held"] == 0


def post_engagement(day: Day, **changes: Any) -> Any:
    body = {
        "worker_id": day.money.worker_id,
        "employer_id": day.money.employer_id,
        "pay": {"basis": "daily", "rate": "280.00"},
        "first_day": D1.isoformat(),
        "last_day": D2.isoformat(),
        "shifts": [{"day": D1.isoformat()}],
    }
    return day.money.post("/v1/engagements", body | changes)


# --- the shift's states ---------------------------------------------------------------------


def test_clock_out_before_clock_in(day: Day) -> None:
    shift = one_shift(day)
    problem(day.clock_out(shift["id"], at(D1, 20)), 409, "shift_not_in_progress")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "scheduled"


def test_double_clock_in_and_double_clock_out(day: Day) -> None:
    shift = started(day)
    problem(day.clock_in(shift["id"], at(D1, 8)), 409, "shift_not_scheduled")
    assert day.clock_out(shift["id"], at(D1, 20)).status_code == 200
    problem(day.clock_out(shift["id"], at(D1, 21)), 409, "shift_not_in_progress")
    problem(day.clock_in(shift["id"]), 409, "shift_not_scheduled")
    assert day.money.escrow()["available"] == FUNDED - 28_000  # paid once


def test_clock_in_on_a_cancelled_shift_or_engagement(day: Day) -> None:
    engagement = engaged(day, [{"day": D1}, {"day": D2}])
    first, second = day.shifts(engagement["id"])
    assert day.money.post(f"/v1/shifts/{first['id']}/cancel").status_code == 200
    problem(day.clock_in(first["id"], at(D1, 7)), 409, "shift_not_scheduled")
    assert day.money.post(f"/v1/engagements/{engagement['id']}/cancel").status_code == 200
    problem(day.clock_in(second["id"], at(D2, 7)), 409, "shift_not_scheduled")
    problem(day.money.post(f"/v1/engagements/{engagement['id']}/cancel"), 409,
            "engagement_not_active")  # fmt: skip
    more = day.money.post(
        f"/v1/engagements/{engagement['id']}/shifts", {"shifts": [{"day": D2.isoformat()}]}
    )
    problem(more, 409, "engagement_not_active")
    assert day.money.escrow()["available"] == FUNDED


def test_no_show_and_cancel_apply_to_a_scheduled_shift_only(day: Day) -> None:
    shift = started(day)
    problem(day.money.post(f"/v1/shifts/{shift['id']}/no-show"), 409, "shift_not_scheduled")
    problem(day.money.post(f"/v1/shifts/{shift['id']}/cancel"), 409, "shift_not_scheduled")


# --- clock times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        at(D1, 7, 3),  # 3 minutes ahead of the server (the tolerance is 2)
        at(D1 + dt.timedelta(days=400), 7),
        at(MARCH, 23, 59),  # before the shift's day
        at(D1, 7) - dt.timedelta(hours=12, minutes=1),  # more than 12 hours ago
    ],
)
def test_clock_in_at_an_impossible_time(day: Day, when: dt.datetime) -> None:
    shift = one_shift(day)
    day.clock.set(at(D1, 7))
    resp = day.clock_in(shift["id"], at=when.isoformat())
    problem(resp, 422, "clock_time_invalid", "at")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "scheduled"


def test_clock_in_after_the_shifts_day(day: Day) -> None:
    """Yesterday's forgotten shift is not today's: clocking in on it would pay (and insure)
    the wrong day."""
    shift = one_shift(day)
    problem(day.clock_in(shift["id"], at(D2, 7)), 422, "clock_time_invalid", "at")
    assert day.money.post(f"/v1/shifts/{shift['id']}/no-show").status_code == 200


def test_clock_in_without_a_time_zone_or_past_year_9999(day: Day) -> None:
    shift = one_shift(day)
    day.clock.set(at(D1, 7))
    for value in ("2027-03-02T07:00:00", "9999-12-31T23:59:59-01:00", "yesterday", 1700000000):
        problem(day.clock_in(shift["id"], at=value), 422, "validation_error", "at")


def test_clock_out_not_after_clock_in(day: Day) -> None:
    shift = started(day)
    day.clock.set(at(D1, 9))
    for when in (at(D1, 7), at(D1, 6, 59)):
        resp = day.clock_out(shift["id"], at=when.isoformat())
        problem(resp, 422, "clock_time_invalid", "at")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"


def test_clock_out_more_than_a_day_after_clock_in(day: Day) -> None:
    """A shift lasts at most 24 hours: the clock time is refused, naming `at`, not a field
    the client never sent."""
    shift = started(day)
    resp = day.clock_out(shift["id"], at(D2, 7, 1))
    problem(resp, 422, "clock_time_invalid", "at")


# --- quantities -----------------------------------------------------------------------------


def piece_started(day: Day) -> dict[str, Any]:
    return started(
        day,
        shifts=[{"day": D1, "expected_quantity": "100"}],
        pay={"basis": "piece", "rate": "0.35", "unit": "box"},
    )


@pytest.mark.parametrize(
    "quantity", ["-1", "0", "0.000", "1000000", "1e3", "12.3456", " 12", "NaN", 12, 1.5, None]
)
def test_bad_quantities_on_a_piece_shift(day: Day, quantity: Any) -> None:
    shift = piece_started(day)
    body = {} if quantity is None else {"quantity": quantity}
    problem(day.clock_out(shift["id"], at(D1, 19), **body), 422, "validation_error", "quantity")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"


def test_a_quantity_on_a_daily_shift(day: Day) -> None:
    shift = started(day)
    resp = day.clock_out(shift["id"], at(D1, 19), quantity="3")
    problem(resp, 422, "validation_error", "quantity")


def test_a_piece_count_beyond_the_escrow_is_refused_and_nothing_moves(day: Day) -> None:
    """999,999 boxes at 99,999.99: far beyond the hold and the escrow, 402, still in
    progress, nothing paid."""
    shift = started(
        day,
        shifts=[{"day": D1, "expected_quantity": "1"}],
        pay={"basis": "piece", "rate": "99999.99", "unit": "box"},
    )
    before = day.money.escrow()
    resp = day.clock_out(shift["id"], at(D1, 19), quantity="999999")
    problem(resp, 402, "insufficient_escrow_balance")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"
    assert day.money.escrow() == before
    assert day.money.payable() == {"posted": 0, "pending": 0, "available": 0}


# --- pay terms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pay, field",
    [
        ({"basis": "daily"}, "pay.rate"),
        ({"rate": "280"}, "pay.basis"),
        ({"basis": "weekly", "rate": "280"}, "pay.basis"),
        ({"basis": "daily", "rate": "280.00001"}, "pay.rate"),
        ({"basis": "daily", "rate": 280.5}, "pay.rate"),
        ({"basis": "daily", "rate": 280}, "pay.rate"),
        ({"basis": "daily", "rate": "0"}, "pay.rate"),
        ({"basis": "daily", "rate": "0.0000"}, "pay.rate"),
        ({"basis": "daily", "rate": "-280"}, "pay.rate"),
        ({"basis": "daily", "rate": "100000000"}, "pay.rate"),
        ({"basis": "daily", "rate": "1e9"}, "pay.rate"),
        ({"basis": "daily", "rate": "Infinity"}, "pay.rate"),
        ({"basis": "daily", "rate": "280", "rounding": "minute_started"}, "pay.rounding"),
        ({"basis": "daily", "rate": "280", "break_minutes": 30}, "pay.break_minutes"),
        ({"basis": "piece", "rate": "1", "break_minutes": 30}, "pay.break_minutes"),
        ({"basis": "hourly", "rate": "30", "unit": "box"}, "pay.unit"),
        ({"basis": "hourly", "rate": "30", "rounding": "hour_started"}, "pay.rounding"),
        ({"basis": "hourly", "rate": "30", "break_minutes": -1}, "pay.break_minutes"),
        ({"basis": "hourly", "rate": "30", "break_minutes": 1441}, "pay.break_minutes"),
        ({"basis": "hourly", "rate": "30", "break_minutes": "30"}, "pay.break_minutes"),
        ({"basis": "piece", "rate": "1", "unit": ""}, "pay.unit"),
        ({"basis": "piece", "rate": "1", "unit": "   "}, "pay.unit"),
        ({"basis": "piece", "rate": "1", "unit": "x" * 21}, "pay.unit"),
        ({"basis": "daily", "rate": "280", "tenant_id": "ten_x"}, "pay.tenant_id"),
    ],
)
def test_bad_pay_terms(day: Day, pay: dict[str, Any], field: str) -> None:
    problem(post_engagement(day, pay=pay, shifts=[]), 422, "validation_error", field)
    nothing_engaged(day)


@pytest.mark.parametrize(
    "fee, field",
    [
        ({"type": "percent", "percent": "0"}, "fee.percent"),
        ({"type": "percent", "percent": "100.01"}, "fee.percent"),
        ({"type": "percent", "percent": 5}, "fee.percent"),
        ({"type": "percent"}, "fee"),
        ({"type": "fixed", "amount": 0}, "fee.amount"),
        ({"type": "fixed", "amount": "100"}, "fee.amount"),
        ({"type": "fixed", "percent": "5"}, "fee"),
        ({"type": "tip", "amount": 100}, "fee.type"),
    ],
)
def test_bad_fees(day: Day, fee: dict[str, Any], field: str) -> None:
    problem(post_engagement(day, fee=fee), 422, "validation_error", field)
    nothing_engaged(day)


def test_a_huge_rate_is_held_or_refused_never_a_500(day: Day) -> None:
    """99,999,999.9999 a day (the largest rate) with a 100% fee: 402, not enough escrow.
    With the largest fixed fee on top, the shift's hold would be beyond any amount: 422
    naming the shift (it was a 422 `invalid_ledger_transaction` from the ledger)."""
    pay = {"basis": "daily", "rate": "99999999.9999"}
    resp = post_engagement(day, pay=pay, fee={"type": "percent", "percent": "100"})
    problem(resp, 402, "insufficient_escrow_balance")
    fixed = {"type": "fixed", "amount": 10**15}  # the largest amount, on top of the wage
    problem(post_engagement(day, pay=pay, fee=fixed), 422, "validation_error", "shifts.0")
    nothing_engaged(day)


def test_a_piece_count_whose_gross_and_fee_are_beyond_any_amount(day: Day) -> None:
    """999,999 pieces at 999.99 with the largest fixed fee: 422 on `quantity`, never the
    ledger's own refusal."""
    assert day.money.deposit(10**15 - FUNDED - 10).json["status"] == "succeeded"
    shift = started(
        day,
        shifts=[{"day": D1, "expected_quantity": "1"}],
        pay={"basis": "piece", "rate": "999.99"},
        fee={"type": "fixed", "amount": 10**15 - 200_000},
    )
    resp = day.clock_out(shift["id"], at(D1, 19), quantity="999999")
    problem(resp, 422, "validation_error", "quantity")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"


# --- days and shifts ------------------------------------------------------------------------


def test_first_day_after_last_day(day: Day) -> None:
    resp = post_engagement(day, first_day=D2.isoformat(), last_day=D1.isoformat(), shifts=[])
    problem(resp, 422, "validation_error", "last_day")
    nothing_engaged(day)


@pytest.mark.parametrize("far", ["0001-01-01", "9999-12-31"])
def test_days_at_the_ends_of_the_calendar(day: Day, far: str) -> None:
    """Days no tenant time zone can hold a whole of are refused, naming the day."""
    first, last = (far, D1.isoformat()) if far < "2000" else (D1.isoformat(), far)
    resp = post_engagement(day, first_day=first, last_day=last, shifts=[{"day": far}])
    problem(resp, 422, "validation_error")
    nothing_engaged(day)


def test_a_shift_day_outside_the_engagement(day: Day) -> None:
    resp = post_engagement(day, shifts=[{"day": D1.isoformat()}, {"day": "2027-03-05"}])
    problem(resp, 422, "validation_error", "shifts.1.day")
    nothing_engaged(day)


def test_the_same_day_twice_in_one_call(day: Day) -> None:
    resp = post_engagement(day, shifts=[{"day": D1.isoformat()}, {"day": D1.isoformat()}])
    problem(resp, 422, "validation_error", "shifts")
    nothing_engaged(day)


def test_a_second_shift_for_the_worker_on_a_day(day: Day) -> None:
    """One shift per worker per day, across engagements and employers: whether the taken day
    comes first or last in the call, 409 and nothing more is held."""
    engaged(day, [{"day": D1}])
    held = day.money.escrow()
    for days in ([D1], [D1, D2], [D2, D1]):
        resp = post_engagement(day, shifts=[{"day": d.isoformat()} for d in days])
        problem(resp, 409, "shift_exists")
    assert len(day.api.get("/v1/engagements?limit=100").json["data"]) == 1
    assert len(day.api.get("/v1/shifts?limit=100").json["data"]) == 1
    assert day.money.escrow() == held


def test_a_second_shift_on_the_same_engagement(day: Day) -> None:
    engagement = engaged(day, [{"day": D1}], last_day=D2.isoformat())
    for days in ([D1], [D2, D1]):
        resp = day.money.post(
            f"/v1/engagements/{engagement['id']}/shifts",
            {"shifts": [{"day": d.isoformat()} for d in days]},
        )
        problem(resp, 409, "shift_exists")
    assert len(day.shifts(engagement["id"])) == 1


def test_more_shifts_than_a_year_of_days(day: Day) -> None:
    days = [{"day": (D1 + dt.timedelta(days=i)).isoformat()} for i in range(367)]
    resp = post_engagement(day, last_day="2028-12-31", shifts=days)
    problem(resp, 422, "validation_error", "shifts")
    engagement = engaged(day, [])
    more = day.money.post(f"/v1/engagements/{engagement['id']}/shifts", {"shifts": days})
    problem(more, 422, "validation_error", "shifts")
    empty = day.money.post(f"/v1/engagements/{engagement['id']}/shifts", {"shifts": []})
    problem(empty, 422, "validation_error", "shifts")


@pytest.mark.parametrize(
    "plan, field",
    [
        ({"starts_at": "2027-03-02T08:00:00+08:00"}, "shifts.0.ends_at"),
        ({"ends_at": "2027-03-02T17:00:00+08:00"}, "shifts.0.starts_at"),
        (
            {"starts_at": "2027-03-02T17:00:00+08:00", "ends_at": "2027-03-02T08:00:00+08:00"},
            "shifts.0.ends_at",
        ),
        (
            {"starts_at": "2027-03-02T08:00:00+08:00", "ends_at": "2027-03-03T08:01:00+08:00"},
            "shifts.0.ends_at",
        ),
        ({"starts_at": "2027-03-02T08:00:00", "ends_at": "2027-03-02T17:00:00"}, "shifts.0"),
        (
            {
                "starts_at": "2027-03-02T08:00:00+08:00",
                "ends_at": "2027-03-02T17:00:00+08:00",
                "expected_quantity": "3",
            },
            "shifts.0.expected_quantity",
        ),
    ],
)
def test_bad_hourly_plans(day: Day, plan: dict[str, Any], field: str) -> None:
    resp = post_engagement(
        day, pay={"basis": "hourly", "rate": "30"}, shifts=[{"day": D1.isoformat(), **plan}]
    )
    body = problem(resp, 422, "validation_error")
    assert any(e["field"].startswith(field) for e in body["errors"]), body
    nothing_engaged(day)


@pytest.mark.parametrize(
    "plan, field",
    [
        ({}, "shifts.0.expected_quantity"),
        ({"expected_quantity": "0"}, "shifts.0.expected_quantity"),
        ({"expected_quantity": 100}, "shifts.0.expected_quantity"),
    ],
)
def test_bad_piece_plans(day: Day, plan: dict[str, Any], field: str) -> None:
    resp = post_engagement(
        day, pay={"basis": "piece", "rate": "0.35"}, shifts=[{"day": D1.isoformat(), **plan}]
    )
    problem(resp, 422, "validation_error", field)
    nothing_engaged(day)


def test_an_expected_quantity_on_a_daily_shift(day: Day) -> None:
    resp = post_engagement(day, shifts=[{"day": D1.isoformat(), "expected_quantity": "3"}])
    problem(resp, 422, "validation_error", "shifts.0.expected_quantity")
    nothing_engaged(day)


# --- another tenant's objects ---------------------------------------------------------------


@pytest.fixture()
def other(client: Any, other_tenant: TenantHandle) -> ApiClient:
    return ApiClient(client, other_tenant.api_key)


def test_another_tenants_worker_employer_or_contract(day: Day, other: ApiClient) -> None:
    their_worker = other.post("/v1/workers", worker_body()).json["id"]
    their_employer = other.post("/v1/employers", employer_body()).json["id"]
    their_contract = contract(other, [(their_employer, "employer", 1), (their_worker, "worker", 2)])
    for change in (
        {"worker_id": their_worker},
        {"employer_id": their_employer},
        {"contract_id": their_contract["id"]},
        {"worker_id": "wkr_" + "1" * 26},
    ):
        problem(post_engagement(day, **change), 404, "resource_missing")
    nothing_engaged(day)
    assert other.get("/v1/engagements").json["data"] == []


def test_another_tenants_shift(day: Day, other: ApiClient) -> None:
    shift = one_shift(day)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    problem(other.post(f"/v1/shifts/{shift['id']}/clock-in", {}), 404, "resource_missing")
    day.clock_in(shift["id"], at(D1, 7))
    for action in ("clock-out", "no-show", "cancel"):
        resp = other.post(f"/v1/shifts/{shift['id']}/{action}", {}, headers=key)
        problem(resp, 404, "resource_missing")
    resp = other.post(f"/v1/engagements/{shift['engagement_id']}/cancel", {}, headers=key)
    problem(resp, 404, "resource_missing")
    resp = other.post(
        f"/v1/engagements/{shift['engagement_id']}/shifts",
        {"shifts": [{"day": D2.isoformat()}]},
        headers=key,
    )
    problem(resp, 404, "resource_missing")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"
    assert day.clock_out(shift["id"], at(D1, 20)).status_code == 200


# --- escrow ---------------------------------------------------------------------------------


def test_not_enough_escrow_creates_nothing(day: Day) -> None:
    """10 days at 9,999.99 is 99,999.90, with a 5% fee 104,999.90: above the 100,000.00 in
    escrow. 402, and no engagement, no shift, no hold, no event of them."""
    days = [{"day": (D1 + dt.timedelta(days=i)).isoformat()} for i in range(10)]
    resp = post_engagement(
        day,
        pay={"basis": "daily", "rate": "9999.99"},
        fee={"type": "percent", "percent": "5"},
        last_day=(D1 + dt.timedelta(days=9)).isoformat(),
        shifts=days,
    )
    problem(resp, 402, "insufficient_escrow_balance")
    nothing_engaged(day)
    types = {e["type"] for e in day.api.get("/v1/events?limit=100").json["data"]}
    assert not types & {"engagement.created", "shift.scheduled", "escrow.hold.created"}

    engagement = engaged(
        day,
        [],
        pay={"basis": "daily", "rate": "9999.99"},
        fee={"type": "percent", "percent": "5"},
        first_day=D1.isoformat(),
        last_day=(D1 + dt.timedelta(days=9)).isoformat(),
    )
    more = day.money.post(f"/v1/engagements/{engagement['id']}/shifts", {"shifts": days})
    problem(more, 402, "insufficient_escrow_balance")
    assert day.shifts(engagement["id"]) == []
    assert day.money.escrow()["available"] == FUNDED


def test_an_engagement_in_another_currency_than_the_escrow(day: Day) -> None:
    problem(post_engagement(day, currency="USD"), 402, "insufficient_escrow_balance")
    problem(post_engagement(day, currency="XXX"), 422, "validation_error", "currency")
    nothing_engaged(day)


# --- contracts ------------------------------------------------------------------------------


def test_clock_in_waits_for_the_contract(day: Day) -> None:
    worker, employer = day.money.worker_id, day.money.employer_id
    sent = contract(day.api, [(employer, "employer", 1), (worker, "worker", 2)])
    shift = one_shift(day, contract_id=sent["id"])
    problem(day.clock_in(shift["id"], at(D1, 7)), 409, "contract_not_signed")
    assert sign(day.api, sent, employer).status_code == 201
    problem(day.clock_in(shift["id"]), 409, "contract_not_signed")
    assert sign(day.api, sent, worker).status_code == 201
    assert day.clock_in(shift["id"]).status_code == 200


def test_a_contract_the_worker_does_not_sign(day: Day) -> None:
    someone = day.money.new_worker()
    theirs = contract(day.api, [(day.money.employer_id, "employer", 1), (someone, "worker", 2)])
    resp = post_engagement(day, contract_id=theirs["id"])
    problem(resp, 422, "validation_error", "contract_id")
    nothing_engaged(day)


# --- geofence -------------------------------------------------------------------------------


def test_outside_a_refusing_geofence(day: Day) -> None:
    shift = one_shift(day, site={"name": "仓库", "geofence": FENCE})
    resp = day.clock_in(shift["id"], at(D1, 7), location=FAR_AWAY)
    problem(resp, 422, "outside_geofence", "location")
    assert day.clock_in(shift["id"], location=ON_SITE).status_code == 200
    resp = day.clock_out(shift["id"], at(D1, 20), location=FAR_AWAY)
    problem(resp, 422, "outside_geofence", "location")
    done = day.clock_out(shift["id"], location=ON_SITE)
    assert done.status_code == 200 and done.json["flags"] == []


def test_no_location_at_a_refusing_geofence(day: Day) -> None:
    """Leaving the location out does not get around the geofence."""
    shift = one_shift(day, site={"geofence": FENCE})
    problem(day.clock_in(shift["id"], at(D1, 7)), 422, "outside_geofence", "location")
    assert day.clock_in(shift["id"], location=ON_SITE).status_code == 200
    problem(day.clock_out(shift["id"], at(D1, 20)), 422, "outside_geofence", "location")


def test_outside_a_flagging_geofence(day: Day) -> None:
    shift = one_shift(day, site={"geofence": {**FENCE, "policy": "flag"}})
    resp = day.clock_in(shift["id"], at(D1, 7), location=FAR_AWAY)
    assert resp.status_code == 200, resp.json
    assert resp.json["flags"] == ["clock_in_outside_geofence"]
    done = day.clock_out(shift["id"], at(D1, 20))
    assert done.status_code == 200, done.json
    assert done.json["flags"] == ["clock_in_outside_geofence", "clock_out_without_location"]


@pytest.mark.parametrize(
    "fence, field",
    [
        ({**FENCE, "radius_m": 0}, "site.geofence.radius_m"),
        ({**FENCE, "radius_m": 200.5}, "site.geofence.radius_m"),
        ({**FENCE, "latitude": 91}, "site.geofence.latitude"),
        ({**FENCE, "longitude": -180.5}, "site.geofence.longitude"),
        ({**FENCE, "latitude": None}, "site.geofence.latitude"),
        ({**FENCE, "policy": "warn"}, "site.geofence.policy"),
        ({"latitude": 31.2, "longitude": 121.4}, "site.geofence.radius_m"),
        ({**FENCE, "shape": "circle"}, "site.geofence.shape"),
    ],
)
def test_bad_geofences(day: Day, fence: dict[str, Any], field: str) -> None:
    problem(post_engagement(day, site={"geofence": fence}), 422, "validation_error", field)
    nothing_engaged(day)


@pytest.mark.parametrize(
    "location, field",
    [
        ({"latitude": 91, "longitude": 0}, "location.latitude"),
        ({"latitude": 0, "longitude": 181}, "location.longitude"),
        ({"latitude": 0}, "location.longitude"),
        ({"latitude": True, "longitude": 0}, "location.latitude"),
        ({"latitude": 0, "longitude": 0, "accuracy": 5}, "location.accuracy"),
        ("here", "location"),
    ],
)
def test_bad_locations(day: Day, location: Any, field: str) -> None:
    shift = one_shift(day, site={"geofence": FENCE})
    resp = day.clock_in(shift["id"], at(D1, 7), location=location)
    problem(resp, 422, "validation_error", field)


def test_not_a_number_in_a_location(day: Day) -> None:
    """Python's JSON reader takes NaN and Infinity: they are refused like any bad number."""
    shift = one_shift(day, site={"geofence": FENCE})
    day.clock.set(at(D1, 7))
    for raw in ('{"latitude": NaN, "longitude": 0}', '{"latitude": 0, "longitude": Infinity}'):
        resp = day.api.client.post(
            f"/v1/shifts/{shift['id']}/clock-in",
            data='{"location": ' + raw + "}",
            content_type="application/json",
            headers={"Authorization": f"Bearer {day.api.token}"},
        )
        assert resp.status_code in (400, 422), resp.json
        assert resp.content_type == "application/problem+json"


# --- huge and strange bodies ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"metadata": {f"k{i}": "v" for i in range(51)}}, "metadata"),
        ({"metadata": {"k": "v" * 501}}, "metadata"),
        ({"metadata": {"k" * 41: "v"}}, "metadata"),
        ({"metadata": {"k": {"nested": "v"}}}, "metadata"),
        ({"site": {"name": "仓" * 10_000}}, "site.name"),
        ({"site": {"name": "a\x00b"}}, "site.name"),
        ({"site": {"name": {"a": {"b": {"c": [1, 2, 3]}}}}}, "site.name"),
        ({"site": {"address": "somewhere"}}, "site.address"),
        ({"site": "warehouse"}, "site"),
        ({"pay": "280"}, "pay"),
        ({"shifts": {"day": "2027-03-02"}}, "shifts"),
        ({"shifts": [{"day": "2027-03-02", "bonus": "100"}]}, "shifts.0.bonus"),
        ({"shifts": [{"day": "2027-02-30"}]}, "shifts.0.day"),
        ({"first_day": "2027-03-02T00:00:00Z"}, "first_day"),
        ({"worker_id": "emp_" + "1" * 26}, "worker_id"),
        ({"status": "cancelled"}, "status"),
        ({"tenant_id": "ten_" + "1" * 26}, "tenant_id"),
    ],
)
def test_junk_in_an_engagement(day: Day, change: dict[str, Any], field: str) -> None:
    problem(post_engagement(day, **change), 422, "validation_error", field)
    nothing_engaged(day)


def test_deeply_nested_junk(day: Day) -> None:
    deep = '{"a": ' * 5_000 + '"x"' + "}" * 5_000
    body = '{"worker_id": ' + json.dumps(day.money.worker_id) + ', "metadata": ' + deep + "}"
    resp = day.api.client.post(
        "/v1/engagements",
        data=body,
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {day.api.token}",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    problem(resp, 400, "malformed_json")
    nothing_engaged(day)


def test_junk_in_a_clock_in_or_out(day: Day) -> None:
    shift = started(day)
    for body, field in (
        ({"shift": "shf_" + "1" * 26}, "shift"),
        ({"at": None}, "at"),
        ({"status": "settled"}, "status"),
        ({"quantity": "1", "note": "x" * 10_000}, "note"),
    ):
        problem(day.clock_out(shift["id"], **body), 422, "validation_error", field)
    resp = day.api.post(f"/v1/shifts/{shift['id']}/clock-out", [1, 2, 3])
    assert resp.status_code in (400, 422) and resp.content_type == "application/problem+json"
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"


# --- cancelling, no-shows -------------------------------------------------------------------


def test_cancel_with_a_shift_in_progress(day: Day) -> None:
    """The shift in progress is still clocked out and paid; the scheduled ones are cancelled
    and their holds come back: escrow ends at what it was less the one day's pay."""
    days = [D1 + dt.timedelta(days=i) for i in range(3)]
    engagement = engaged(day, [{"day": d} for d in days])
    shifts = day.shifts(engagement["id"])
    assert day.money.escrow()["held"] == 3 * 28_000
    assert day.clock_in(shifts[0]["id"], at(D1, 7)).status_code == 200
    cancelled = day.money.post(f"/v1/engagements/{engagement['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    statuses = [s["status"] for s in day.shifts(engagement["id"])]
    assert statuses == ["in_progress", "cancelled", "cancelled"]
    assert day.money.escrow()["held"] == 28_000
    done = day.clock_out(shifts[0]["id"], at(D1, 20))
    assert done.status_code == 200 and done.json["status"] == "settled"
    assert day.money.escrow()["available"] == FUNDED - 28_000
    assert day.money.escrow()["held"] == 0
    for shift in shifts[1:]:
        hold = day.api.get(f"/v1/escrow/holds/{shift['hold_id']}").json
        assert hold["status"] != "active" and hold["released_amount"] == 0
    assert day.money.audit() == []


def test_a_no_show_returns_the_hold_and_frees_the_day(day: Day) -> None:
    engagement = engaged(day, [{"day": D1}])
    [shift] = day.shifts(engagement["id"])
    absent = day.money.post(f"/v1/shifts/{shift['id']}/no-show")
    assert absent.status_code == 200 and absent.json["status"] == "no_show"
    assert day.money.escrow()["available"] == FUNDED
    problem(day.money.post(f"/v1/shifts/{shift['id']}/no-show"), 409, "shift_not_scheduled")
    problem(day.clock_in(shift["id"], at(D1, 7)), 409, "shift_not_scheduled")
    again = day.money.post(
        f"/v1/engagements/{engagement['id']}/shifts", {"shifts": [{"day": D1.isoformat()}]}
    )
    assert again.status_code == 201, again.json
    assert day.money.escrow()["held"] == 28_000
    assert day.clock_in(again.json[0]["id"]).status_code == 200


# --- Idempotency-Key ------------------------------------------------------------------------


def test_clock_out_requires_an_idempotency_key(day: Day) -> None:
    shift = started(day)
    day.clock.set(at(D1, 20))
    resp = day.api.post(f"/v1/shifts/{shift['id']}/clock-out", {})
    problem(resp, 400, "idempotency_key_required")
    for path in (
        "/v1/engagements",
        f"/v1/engagements/{shift['engagement_id']}/cancel",
        f"/v1/engagements/{shift['engagement_id']}/shifts",
        f"/v1/shifts/{shift['id']}/no-show",
        f"/v1/shifts/{shift['id']}/cancel",
    ):
        problem(day.api.post(path, {}), 400, "idempotency_key_required")
    assert day.api.get(f"/v1/shifts/{shift['id']}").json["status"] == "in_progress"


def test_a_replayed_clock_out_settles_once(day: Day) -> None:
    shift = started(day)
    day.clock.set(at(D1, 20))
    key = {"Idempotency-Key": str(uuid.uuid4())}
    path = f"/v1/shifts/{shift['id']}/clock-out"
    first = day.api.post(path, {}, headers=key)
    assert first.status_code == 200, first.json
    day.clock.set(at(D1, 20, 5))
    again = day.api.post(path, {}, headers=key)
    assert (again.status_code, again.json) == (200, first.json)
    problem(day.api.post(path, {"quantity": "1"}, headers=key), 422, "idempotency_error")
    assert day.money.escrow()["available"] == FUNDED - 28_000
    payouts = day.api.get("/v1/payouts?limit=100").json["data"]
    assert [p["amount"] for p in payouts] == [28_000]
    settled = day.api.get("/v1/events?type=shift.settled&limit=100").json["data"]
    assert len(settled) == 1
    assert day.money.audit() == []


def test_a_replayed_engagement_holds_once(day: Day) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {
        "worker_id": day.money.worker_id,
        "employer_id": day.money.employer_id,
        "pay": {"basis": "daily", "rate": "280"},
        "first_day": D1.isoformat(),
        "last_day": D1.isoformat(),
        "shifts": [{"day": D1.isoformat()}],
    }
    first = day.api.post("/v1/engagements", body, headers=key)
    again = day.api.post("/v1/engagements", body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert day.money.escrow()["held"] == 28_000


def test_a_night_shift_clocks_in_until_its_planned_end(day: Day) -> None:
    """Planned 22:00-06:00: a clock-in ten minutes after midnight is late, not another
    day's; after the planned end it is refused."""
    pay = {"basis": "hourly", "rate": "30"}
    plan = {"starts_at": at(D1, 22).isoformat(), "ends_at": at(D2, 6).isoformat()}
    engagement = engaged(day, [{"day": D1, **plan}], pay=pay)
    [shift] = day.shifts(engagement["id"])
    assert day.clock_in(shift["id"], at(D2, 0, 10)).status_code == 200
    assert day.clock_out(shift["id"], at(D2, 6)).status_code == 200
    d3 = D2 + dt.timedelta(days=1)
    plan = {"starts_at": at(D2, 22).isoformat(), "ends_at": at(d3, 6).isoformat()}
    other = engaged(day, [{"day": D2, **plan}], pay=pay)
    [late] = day.shifts(other["id"])
    problem(day.clock_in(late["id"], at(d3, 6)), 422, "clock_time_invalid", "at")


def test_a_forgotten_clock_out_can_still_be_closed(day: Day) -> None:
    """Clocked in, then the clock-out forgotten for two days: it is sent later with the time
    the shift ended (a clock-out has no limit in the past, only its 24 hours after the
    clock-in), and the worker is paid."""
    shift = started(day)
    day.clock.set(at(D2 + dt.timedelta(days=1), 9))
    resp = day.clock_out(shift["id"], at=at(D1, 17).isoformat())
    assert resp.status_code == 200, resp.json
