"""Policies bought directly and cancelled, products and their versions, and the day of
work's cancels: a cancelled day is refunded in full, a started day never is."""

from __future__ import annotations

import datetime as dt

from tests.helpers import assert_problem
from tests.insurance.conftest import COVERAGES, Insured, product_body
from tests.work.conftest import MARCH, at

DAYS = [MARCH + dt.timedelta(days=i) for i in range(2, 5)]  # 3-5 March 2027


def test_cancelling_a_policy_refunds_the_days_not_started(insured: Insured) -> None:
    bought = insured.buy(DAYS, job_category="packing", metadata={"order": "A-17"})
    assert bought.status_code == 201, bought.json
    policy = bought.json
    assert policy["status"] == "scheduled" and policy["daily_premium"] == 300
    assert policy["job_category"] == "packing" and policy["metadata"] == {"order": "A-17"}
    assert insured.day.money.escrow()["held"] == 900

    insured.day.clock.set(at(DAYS[0], 9))  # the first day's cover started at 00:00
    cancelled = insured.day.money.post(f"/v1/insurance/policies/{policy['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.json
    assert [d["status"] for d in cancelled.json["days"]] == ["active", "cancelled", "cancelled"]
    assert cancelled.json["status"] == "active" and cancelled.json["cancelled_at"]
    assert insured.premiums() == 300  # the started day is not refundable
    escrow = insured.day.money.escrow()
    assert (escrow["held"], escrow["total"]) == (0, 10_000_000 - 300)

    again = insured.day.money.post(f"/v1/insurance/policies/{policy['id']}/cancel")
    assert_problem(again, 409, "policy_not_cancellable")
    insured.day.clock.set(at(DAYS[1], 0))
    assert insured.run("insurance.cover") == 1
    assert insured.policy(policy["id"])["status"] == "expired"
    assert insured.buy([DAYS[2]]).status_code == 201  # a cancelled day is free again
    assert insured.day.money.audit() == []


def test_a_whole_policy_cancelled_before_it_starts(insured: Insured) -> None:
    policy = insured.buy(DAYS).json
    cancelled = insured.day.money.post(f"/v1/insurance/policies/{policy['id']}/cancel").json
    assert cancelled["status"] == "cancelled"
    assert insured.day.money.escrow()["available"] == 10_000_000 and insured.premiums() == 0
    [event] = insured.api.get("/v1/events?type=policy.cancelled").json["data"]
    assert len(event["data"]["days"]) == 3
    assert len(insured.policies(status="cancelled")) == 1


def test_cancelled_shifts_and_engagements_refund_their_days(insured: Insured) -> None:
    engagement = insured.engage(DAYS).json
    shifts = insured.day.shifts(engagement["id"])
    assert insured.day.money.post(f"/v1/shifts/{shifts[0]['id']}/cancel").status_code == 200
    [policy] = insured.policies(engagement_id=engagement["id"])
    assert [d["status"] for d in policy["days"]] == ["cancelled", "scheduled", "scheduled"]
    assert insured.day.clock_in(shifts[1]["id"], at(DAYS[1], 7)).status_code == 200
    cancel = insured.day.money.post(f"/v1/engagements/{engagement['id']}/cancel")
    assert cancel.status_code == 200, cancel.json
    policy = insured.policy(policy["id"])
    assert [d["status"] for d in policy["days"]] == ["cancelled", "active", "cancelled"]
    assert insured.premiums() == 300
    assert insured.day.money.escrow()["held"] == 28_000  # the day in progress's wage
    assert insured.day.money.audit() == []


def test_a_product_change_never_alters_a_sold_policy(insured: Insured) -> None:
    sold = insured.buy(DAYS[:1]).json
    terms = product_body(daily_premium=450, min_age=18)  # the fixtures' workers are 22-67
    del terms["insurer"]  # the insurer is the product's, not a version's
    changed = insured.api.post(
        f"/v1/insurance/products/{insured.product_id}/versions",
        {**terms, "metadata": {"tier": "2"}},
    )
    assert changed.status_code == 201, changed.json
    assert (changed.json["version"], changed.json["daily_premium"]) == (2, 450)
    assert changed.json["metadata"] == {"tier": "2"}
    assert insured.policy(sold["id"])["product_version"] == 1
    assert insured.policy(sold["id"])["daily_premium"] == 300
    bought = insured.buy(DAYS[1:2])
    assert bought.status_code == 201, bought.json
    new = bought.json
    assert (new["product_version"], new["days"][0]["premium"]) == (2, 450)
    versions = insured.api.get(f"/v1/insurance/products/{insured.product_id}/versions").json
    assert [(v["version"], v["daily_premium"]) for v in versions["data"]] == [(1, 300), (2, 450)]
    got = insured.api.get(f"/v1/insurance/products/{insured.product_id}").json
    assert got["coverages"] == COVERAGES and got["version"] == 2
    listed = insured.api.get("/v1/insurance/products").json["data"]
    assert [p["id"] for p in listed] == [insured.product_id]
    assert insured.day.money.escrow()["held"] == 750
