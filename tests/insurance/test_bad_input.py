"""Bad input answers 4xx problem+json naming the field, and charges nothing: zero days,
days in the past, overlapping cover, premium not covered by escrow, a worker outside the
product's ages, an excluded job category, another tenant's worker or product."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.helpers import ApiClient, TenantHandle, assert_problem
from tests.insurance.conftest import Insured, product_body
from tests.work.conftest import MARCH

LATER = MARCH + dt.timedelta(days=3)


def _nothing_charged(insured: Insured) -> None:
    escrow = insured.day.money.escrow()
    assert (escrow["available"], escrow["held"]) == (10_000_000, 0)
    assert insured.premiums() == 0
    assert insured.api.get("/v1/events?type=policy.created").json["data"] == []
    assert insured.day.money.audit() == []


def _field(resp: Any) -> list[str]:
    return [e["field"] for e in resp.json.get("errors") or []]


def test_zero_days(insured: Insured) -> None:
    resp = assert_problem(insured.buy([]), 422, "validation_error")
    assert "days" in [e["field"] for e in resp["errors"]]
    _nothing_charged(insured)


def test_a_day_in_the_past(insured: Insured) -> None:
    resp = insured.buy([LATER, MARCH - dt.timedelta(days=1)])
    assert_problem(resp, 422, "validation_error")
    assert _field(resp) == ["days.1"]
    _nothing_charged(insured)
    engaged = insured.engage([MARCH - dt.timedelta(days=1)])
    assert_problem(engaged, 422, "validation_error")
    assert _field(engaged) == ["shifts.0.day"]
    _nothing_charged(insured)


def test_a_day_twice(insured: Insured) -> None:
    resp = insured.buy([LATER, LATER])
    assert_problem(resp, 422, "validation_error")
    assert _field(resp) == ["days"]
    _nothing_charged(insured)


def test_overlapping_cover_for_the_same_worker_and_day(insured: Insured) -> None:
    assert insured.buy([LATER]).status_code == 201
    again = insured.buy([LATER + dt.timedelta(days=1), LATER])
    assert_problem(again, 409, "policy_overlaps")
    assert _field(again) == ["days"]
    engaged = insured.engage([LATER])
    assert_problem(engaged, 409, "policy_overlaps")
    assert _field(engaged) == ["shifts"]
    held = insured.day.money.escrow()["held"]
    assert held == 300  # the first policy only: nothing else is held
    assert insured.api.get("/v1/shifts").json["data"] == []  # the engagement was not made


def test_premium_not_covered_by_escrow(insured: Insured) -> None:
    money = insured.day.money
    broke = insured.api.post("/v1/employers", {**_employer()}).json["id"]
    assert money.deposit(5 * 28_000 + 4 * 300, employer_id=broke).json["status"] == "succeeded"
    engaged = insured.engage([LATER + dt.timedelta(days=i) for i in range(5)], employer_id=broke)
    assert_problem(engaged, 402, "insufficient_escrow_balance")
    bought = insured.buy([LATER + dt.timedelta(days=i) for i in range(5)], employer_id=broke)
    assert bought.status_code == 201  # 5 premiums alone fit
    escrow = insured.api.get(f"/v1/employers/{broke}/escrow").json
    assert escrow["held"] == 1_500
    assert insured.api.get("/v1/engagements").json["data"] == []
    assert money.audit() == []


def test_a_worker_outside_the_ages(insured: Insured) -> None:
    old = insured.worker_born(dt.date(1950, 6, 1))  # 76 in March 2027
    resp = insured.buy([LATER], worker_id=old)
    assert_problem(resp, 422, "not_insurable")
    assert _field(resp) == ["worker_id"] and "76" in resp.json["errors"][0]["message"]
    young = insured.worker_born(dt.date(2011, 3, 4))  # 16 from 4 March 2027
    early = insured.buy(
        [MARCH + dt.timedelta(days=2), MARCH + dt.timedelta(days=3)], worker_id=young
    )
    assert_problem(early, 422, "not_insurable")  # 15 on the 3rd
    assert insured.buy([MARCH + dt.timedelta(days=3)], worker_id=young).status_code == 201


def test_an_excluded_job_category(insured: Insured) -> None:
    product = insured.product(excluded_job_categories=["working_at_height"])
    resp = insured.buy([LATER], product_id=product, job_category="working_at_height")
    assert_problem(resp, 422, "not_insurable")
    assert _field(resp) == ["job_category"]
    engaged = insured.engage(
        [LATER], insurance_product_id=product, job_category="working_at_height"
    )
    assert_problem(engaged, 422, "not_insurable")
    _nothing_charged(insured)
    assert insured.buy([LATER], product_id=product, job_category="packing").status_code == 201


def test_bad_product_terms(insured: Insured) -> None:
    resp = insured.api.post("/v1/insurance/products", product_body(min_age=60, max_age=18))
    assert_problem(resp, 422, "validation_error")
    assert _field(resp) == ["min_age"]
    resp = insured.api.post("/v1/insurance/products", product_body(insurer="acme"))
    assert_problem(resp, 422, "unknown_insurer")
    twice = [{"type": "medical_expenses", "sum_insured": 1}] * 2
    assert_problem(
        insured.api.post("/v1/insurance/products", product_body(coverages=twice)),
        422,
        "validation_error",
    )


def test_another_tenants_worker_or_product(
    insured: Insured, client: Any, other_tenant: TenantHandle
) -> None:
    other = ApiClient(client, other_tenant.api_key)
    their_worker = other.post("/v1/workers", _worker()).json["id"]
    their_product = other.post("/v1/insurance/products", product_body()).json["id"]
    resp = insured.buy([LATER], worker_id=their_worker)
    assert_problem(resp, 404, "resource_missing")
    assert _field(resp) == ["worker_id"]
    resp = insured.buy([LATER], product_id=their_product)
    assert_problem(resp, 404, "resource_missing")
    assert _field(resp) == ["product_id"]
    resp = insured.engage([LATER], insurance_product_id=their_product)
    assert_problem(resp, 404, "resource_missing")
    assert _field(resp) == ["insurance_product_id"]
    _nothing_charged(insured)


def _employer() -> dict[str, Any]:
    from tests.helpers import employer_body

    return employer_body()


def _worker() -> dict[str, Any]:
    from tests.helpers import worker_body

    return worker_body()
