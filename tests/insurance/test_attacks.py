"""Hostile input against the insurance block: every answer a 4xx problem+json naming the
field (never a 500), nothing charged twice, nothing left held."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.helpers import ApiClient, TenantHandle, assert_problem
from tests.insurance.conftest import Insured, product_body
from tests.insurance.test_claims import CLOCK_IN, SECOND, _at_work, _claim, _review
from tests.work.conftest import MARCH, at

LATER = MARCH + dt.timedelta(days=3)


def _fields(resp: Any) -> list[str]:
    return [e["field"] for e in resp.json.get("errors") or []]


def test_a_day_at_the_end_of_the_calendar(insured: Insured) -> None:
    """No 500 from the calendar's last day: the worker's age refuses it first."""
    resp = insured.buy([dt.date(9999, 12, 31)])
    assert_problem(resp, 422, "not_insurable")
    assert insured.day.money.escrow()["held"] == 0


def test_a_premium_of_zero_and_sums_at_the_limit(insured: Insured) -> None:
    resp = insured.api.post("/v1/insurance/products", product_body(daily_premium=0))
    assert resp.status_code in (201, 422), resp.json


def test_odd_claims(insured: Insured) -> None:
    ids = _at_work(insured)
    assert_problem(
        _claim(insured, ids["policy"], description="x" * 10_000), 422, "validation_error"
    )
    many = [{"name": "a", "content_type": "image/png", "size": 1, "sha256": "a" * 64}] * 1000
    assert_problem(_claim(insured, ids["policy"], attachments=many), 422, "validation_error")
    bad = [{"name": "a", "content_type": "image/png", "size": 1, "sha256": "A" * 64}]
    resp = _claim(insured, ids["policy"], attachments=bad)
    assert_problem(resp, 422, "validation_error")
    nohash = [{"name": "a", "content_type": "image/png", "size": 1}]
    assert_problem(_claim(insured, ids["policy"], attachments=nohash), 422, "validation_error")
    naive = _claim(insured, ids["policy"], incident_at="2027-03-03T07:00:01")
    assert naive.status_code == 422, naive.json
    before = _claim(insured, ids["policy"], incident_at=(CLOCK_IN - SECOND).isoformat())
    assert_problem(before, 422, "not_covered")
    exact = _claim(insured, ids["policy"], incident_at=CLOCK_IN.isoformat())
    assert exact.status_code == 201, exact.json
    future = _claim(insured, ids["policy"], incident_at=at(LATER, 23).isoformat())
    assert_problem(future, 422, "validation_error")
    zero = _claim(insured, ids["policy"], amount=0)
    assert_problem(zero, 422, "validation_error")
    huge = _claim(insured, ids["policy"], amount=2**63)
    assert huge.status_code == 422, huge.json


def test_another_tenants_policy_and_claim(
    insured: Insured, client: Any, other_tenant: TenantHandle
) -> None:
    ids = _at_work(insured)
    claim = _claim(insured, ids["policy"]).json["id"]
    other = ApiClient(client, other_tenant.api_key)
    for path in (
        f"/v1/insurance/policies/{ids['policy']}",
        f"/v1/insurance/policies/{ids['policy']}/certificate",
        f"/v1/insurance/claims/{claim}",
        f"/v1/insurance/claims/{claim}/evidence",
    ):
        assert_problem(other.get(path), 404, "resource_missing")
    body = {"decision": "start_review"}
    resp = other.post(
        f"/v1/insurance/claims/{claim}/review", body, headers={"Idempotency-Key": "k1"}
    )
    assert resp.status_code == 404, resp.json
    resp = other.post(
        f"/v1/insurance/policies/{ids['policy']}/cancel", {}, headers={"Idempotency-Key": "k2"}
    )
    assert resp.status_code == 404, resp.json
    assert other.get(f"/v1/insurance/claims?policy_id={ids['policy']}").json["data"] == []
    assert (
        other.get(f"/v1/insurance/policies?worker_id={insured.day.money.worker_id}").json["data"]
        == []
    )


def test_approve_zero_or_more(insured: Insured) -> None:
    ids = _at_work(insured)
    claim = _claim(insured, ids["policy"]).json["id"]
    _review(insured, claim, "start_review")
    resp = _review(insured, claim, "approve", amount_approved=0)
    assert resp.status_code == 422, resp.json


def test_claims_on_one_day_share_its_sum_insured(insured: Insured) -> None:
    ids = _at_work(insured)
    first = _claim(insured, ids["policy"], amount=5_000_000)
    assert first.status_code == 201, first.json
    second = _claim(insured, ids["policy"], amount=1)
    assert_problem(second, 422, "claim_above_sum_insured")
    assert _fields(second) == ["amount"]
    other = _claim(insured, ids["policy"], coverage="hospital_allowance_per_day", amount=10_000)
    assert other.status_code == 201, other.json  # another coverage has its own sum
    assert _review(insured, first.json["id"], "start_review").status_code == 200
    rejected = _review(insured, first.json["id"], "reject", reason="not at work")
    assert rejected.status_code == 200, rejected.json
    again = _claim(insured, ids["policy"], amount=5_000_000)  # a rejected claim takes nothing
    assert again.status_code == 201, again.json


def _night_shift(insured: Insured, night: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """An insured hourly shift from 22:00 to 06:00 the next morning: (shift, policy)."""
    engagement = insured.day.engage(
        [
            {
                "day": night,
                "starts_at": at(night, 22).isoformat(),
                "ends_at": at(night + dt.timedelta(days=1), 6).isoformat(),
            }
        ],
        pay={"basis": "hourly", "rate": "30.00"},
        insurance_product_id=insured.product_id,
    )
    assert engagement.status_code == 201, engagement.json
    [shift] = insured.day.shifts(engagement.json["id"])
    [policy] = insured.policies(engagement_id=engagement.json["id"])
    return shift, policy


def test_a_night_shift_clocked_in_after_midnight_is_refunded_not_charged(
    insured: Insured,
) -> None:
    """A night shift (22:00-06:00) clocked in at 00:30: the day's cover (to 24:00) can no
    longer start, so its premium is refunded in full, never charged for an empty window."""
    night = LATER
    shift, policy = _night_shift(insured, night)
    clocked = insured.day.clock_in(shift["id"], at(night + dt.timedelta(days=1), 0, 30))
    assert clocked.status_code == 200, clocked.json
    day = insured.policy(policy["id"])["days"][0]
    assert day["status"] == "cancelled", day
    assert insured.premiums() == 0
    assert insured.day.money.audit() == []


def test_a_claim_at_the_largest_sum_insured_is_paid(insured: Insured) -> None:
    from app.core.money import MAX_AMOUNT

    coverages = [{"type": "medical_expenses", "sum_insured": MAX_AMOUNT}]
    product = insured.product(coverages=coverages)
    ids = _at_work(insured, product)
    claim = _claim(insured, ids["policy"], amount=MAX_AMOUNT)
    assert claim.status_code == 201, claim.json
    assert _review(insured, claim.json["id"], "start_review").status_code == 200
    approved = _review(insured, claim.json["id"], "approve")
    assert approved.status_code == 200, approved.json
    assert insured.day.money.audit() == []


def test_a_clock_in_after_the_tenant_moved_west_keeps_the_window_sold(insured: Insured) -> None:
    """Sold in Asia/Shanghai (the day ends 00:00 +08:00), clocked in at 23:30 after the
    tenant moved to Asia/Urumqi (01:30 +08:00): after the window sold, so refunded."""
    night = LATER
    shift, policy = _night_shift(insured, night)
    assert insured.api.patch("/v1/tenant", {"time_zone": "Asia/Urumqi"}).status_code == 200
    clocked = insured.day.clock_in(shift["id"], at(night + dt.timedelta(days=1), 1, 30))
    assert clocked.status_code == 200, clocked.json
    day = insured.policy(policy["id"])["days"][0]
    assert (day["status"], insured.premiums()) == ("cancelled", 0)
    assert insured.day.money.audit() == []


def test_a_year_of_days_and_its_certificate(insured: Insured, monkeypatch: Any) -> None:
    """366 days bought, certified and cancelled; the cancel tells the insurer with one job
    (one per day ran the job 366 times over the whole policy: 10 s inline)."""
    from app.core import jobs
    from app.insurance import notify

    days = [LATER + dt.timedelta(days=i) for i in range(367)]
    assert_problem(insured.buy(days), 422, "validation_error")
    bought = insured.buy(days[:366])
    assert bought.status_code == 201, bought.json
    assert insured.day.money.escrow()["held"] == 366 * 300
    pdf = insured.api.get(f"/v1/insurance/policies/{bought.json['id']}/certificate")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    queued = []
    enqueue = jobs.enqueue

    def counting(session: Any, fn: Any, **kwargs: Any) -> None:
        queued.append(fn)
        enqueue(session, fn, **kwargs)

    monkeypatch.setattr(jobs, "enqueue", counting)
    cancelled = insured.day.money.post(f"/v1/insurance/policies/{bought.json['id']}/cancel", {})
    assert cancelled.status_code == 200, cancelled.json
    assert queued.count(notify.notify_policy) == 1
    assert len(insured.notifications()) == 1 + 366
    assert {n.status for n in insured.notifications()} == {"confirmed"}
    assert insured.day.money.escrow()["held"] == 0
    assert insured.day.money.audit() == []
