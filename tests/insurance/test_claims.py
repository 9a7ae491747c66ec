"""Claims: an incident inside a cover window that started (to the second), an evidence pack
frozen with its hash at submission, the review, and the insurer paying the worker through
the money core exactly once, also across an insurer outage."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from app.core.jobs import UnitsOfWork
from app.insurance import claim_jobs
from app.payouts.models import Payout
from tests.helpers import ApiClient, TenantHandle, assert_problem, database
from tests.insurance.conftest import Insured
from tests.work.conftest import MARCH, at

LATER = MARCH + dt.timedelta(days=2)
CLOCK_IN = at(LATER, 7)
SITE = {"latitude": 31.2304, "longitude": 121.4737}
SECOND = dt.timedelta(seconds=1)
HASH = "a" * 64


def _utc(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat()


def _at_work(insured: Insured, product_id: str | None = None) -> dict[str, str]:
    """An insured shift on LATER, clocked in at 07:00 at the site; the clock then at 09:00."""
    body = {"insurance_product_id": product_id} if product_id else {}
    engagement = insured.engage([LATER], **body)
    assert engagement.status_code == 201, engagement.json
    [shift] = insured.day.shifts(engagement.json["id"])
    clocked = insured.day.clock_in(shift["id"], CLOCK_IN, location=SITE)
    assert clocked.status_code == 200, clocked.json
    [policy] = insured.policies(engagement_id=engagement.json["id"])
    insured.day.clock.set(at(LATER, 9))
    return {"policy": policy["id"], "shift": shift["id"]}


def _claim(insured: Insured, policy_id: str, **overrides: Any) -> Any:
    body = {
        "policy_id": policy_id,
        "coverage": "medical_expenses",
        "amount": 120_000,
        "incident_at": _utc(CLOCK_IN + SECOND),
        "incident_place": "仓库二号门 Warehouse gate 2",
        "incident_location": SITE,
        "description": "Fell from a loading ramp; left wrist fractured.",
        "attachments": [
            {"name": "xray.jpg", "content_type": "image/jpeg", "size": 182_044, "sha256": HASH}
        ],
        **overrides,
    }
    return insured.day.money.post("/v1/insurance/claims", body)


def _review(insured: Insured, claim_id: str, decision: str, **body: Any) -> Any:
    return insured.day.money.post(
        f"/v1/insurance/claims/{claim_id}/review", {"decision": decision, **body}
    )


def _approve(insured: Insured, claim_id: str, **body: Any) -> dict[str, Any]:
    started = _review(insured, claim_id, "start_review")
    assert started.status_code == 200, started.json
    assert started.json["status"] == "under_review"
    approved = _review(insured, claim_id, "approve", reason="fracture confirmed", **body)
    assert approved.status_code == 200, approved.json
    return dict(insured.api.get(f"/v1/insurance/claims/{claim_id}").json)


def _units(insured: Insured) -> UnitsOfWork:
    tenant = insured.day.money.tenant
    return UnitsOfWork(database(tenant.app), tenant.id)


def _claim_payouts(insured: Insured, claim_id: str) -> list[dict[str, Any]]:
    """The payouts whose source is the claim (the API does not show a payout's source)."""
    with _units(insured)() as session:
        ids = session.scalars(
            select(Payout.id).where(Payout.source_type == "claim", Payout.source_id == claim_id)
        ).all()
    return [insured.api.get(f"/v1/payouts/{i}").json for i in ids]


def test_an_incident_one_second_before_clock_in_is_not_covered(insured: Insured) -> None:
    made = _at_work(insured)
    resp = _claim(insured, made["policy"], incident_at=_utc(CLOCK_IN - SECOND))
    body = assert_problem(resp, 422, "not_covered")
    assert [e["field"] for e in body["errors"]] == ["incident_at"]
    window = body["nearest_window"]
    assert window["cover_starts_at"] == "2027-03-02T23:00:00.000000Z"  # 07:00 Shanghai
    assert window["cover_ends_at"] == "2027-03-03T16:00:00.000000Z"  # 24:00 Shanghai
    assert insured.api.get("/v1/insurance/claims").json["data"] == []
    assert insured.api.get("/v1/events?type=claim.submitted").json["data"] == []


def test_one_second_after_clock_in_is_covered_and_the_pack_names_the_shift(
    insured: Insured,
) -> None:
    made = _at_work(insured)
    resp = _claim(insured, made["policy"])
    assert resp.status_code == 201, resp.json
    claim = resp.json
    assert claim["status"] == "submitted" and claim["shift_id"] == made["shift"]
    assert claim["sum_insured"] == 5_000_000 and claim["insurer_status"] == "pending"
    told = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json  # after the commit
    assert told["insurer_status"] == "received" and told["insurer_reference"]

    found = insured.api.get(f"/v1/insurance/claims/{claim['id']}/evidence")
    assert found.status_code == 200, found.json
    evidence = found.json
    canonical = json.dumps(
        evidence["pack"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    assert hashlib.sha256(canonical).hexdigest() == evidence["sha256"] == claim["evidence_sha256"]
    pack = evidence["pack"]
    assert pack["shift"]["id"] == made["shift"]
    assert pack["shift"]["clock_in_at"] == "2027-03-02T23:00:00.000000Z"
    assert pack["shift"]["clock_in_location"] == SITE
    assert pack["cover_window"]["cover_starts_at"] == "2027-03-02T23:00:00.000000Z"
    assert pack["policy"]["id"] == made["policy"]
    assert pack["claim"]["incident_at"] == "2027-03-02T23:00:01.000000Z"
    assert pack["payslip"] is None  # not settled yet
    types = [e["type"] for e in pack["events"]]
    assert "shift.clocked_in" in types and "policy.activated" in types

    # Frozen: the shift settling later changes neither the pack nor its hash.
    assert insured.day.clock_out(made["shift"], at(LATER, 17)).status_code == 200
    again = insured.api.get(f"/v1/insurance/claims/{claim['id']}/evidence").json
    assert again == evidence
    [event] = insured.api.get("/v1/events?type=claim.submitted").json["data"]
    assert event["data"]["object"]["id"] == claim["id"]


def test_approved_claim_pays_the_worker_once(insured: Insured) -> None:
    made = _at_work(insured)
    claim = _claim(insured, made["policy"]).json
    paid = _approve(insured, claim["id"], amount_approved=100_000)
    assert paid["status"] == "paid" and paid["amount_approved"] == 100_000
    assert paid["payout_id"] and paid["paid_at"]
    [payout] = _claim_payouts(insured, claim["id"])
    assert payout["id"] == paid["payout_id"] and payout["amount"] == 100_000
    settlement = insured.day.account("insurer_settlement", "sandbox")
    assert settlement["posted"] == 0  # in from the insurer, straight on to the worker
    types = [e["type"] for e in insured.api.get("/v1/events?limit=100").json["data"]]
    assert types.count("claim.paid") == 1 and "claim.updated" in types

    # The payment job again (a redelivered job), and the sweep: nothing is paid twice.
    with _units(insured)() as session:
        assert claim_jobs.pay_claim(session, claim_id=claim["id"]) is False
    insured.day.clock.advance(minutes=11)
    insured.run("insurance.claims")
    assert len(_claim_payouts(insured, claim["id"])) == 1
    assert insured.day.money.audit() == []
    again = _review(insured, claim["id"], "approve", reason="again")
    assert_problem(again, 409, "invalid_state")


def test_a_rejected_claim_pays_nothing(insured: Insured) -> None:
    made = _at_work(insured)
    claim = _claim(insured, made["policy"]).json
    assert_problem(_review(insured, claim["id"], "approve"), 409, "invalid_state")
    assert _review(insured, claim["id"], "start_review").status_code == 200
    no_reason = assert_problem(_review(insured, claim["id"], "reject"), 422, "validation_error")
    assert [e["field"] for e in no_reason["errors"]] == ["reason"]
    rejected = _review(insured, claim["id"], "reject", reason="injury off site")
    assert rejected.status_code == 200, rejected.json
    assert rejected.json["status"] == "rejected"
    assert rejected.json["decision_reason"] == "injury off site"
    assert _claim_payouts(insured, claim["id"]) == []
    assert insured.day.account("insurer_settlement", "sandbox")["posted"] == 0


def test_the_insurer_rejecting_a_claim_rejects_it(insured: Insured) -> None:
    made = _at_work(insured, insured.product(metadata={"sandbox": "claim_rejected"}))
    claim = _claim(insured, made["policy"]).json
    assert claim["insurer_status"] == "pending"  # the job runs after the commit
    claim = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json
    assert (claim["status"], claim["insurer_status"]) == ("rejected", "rejected")
    assert claim["insurer_reason"] == "not_covered_by_terms"
    assert_problem(_review(insured, claim["id"], "start_review"), 409, "invalid_state")


def test_an_insurer_outage_is_retried_until_received_and_paid_once(insured: Insured) -> None:
    made = _at_work(insured, insured.product(metadata={"sandbox": "unavailable"}))
    claim = _claim(insured, made["policy"]).json
    claim = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json
    assert claim["insurer_status"] == "pending" and claim["insurer_attempts"] == 1
    assert "unavailable" in claim["insurer_last_error"]
    approved = _approve(insured, claim["id"])
    assert approved["status"] == "approved"  # the insurer does not have it yet: not paid
    assert _claim_payouts(insured, claim["id"]) == []

    rounds = 0
    while insured.api.get(f"/v1/insurance/claims/{claim['id']}").json["status"] != "paid":
        rounds += 1
        assert rounds <= 4
        insured.day.clock.advance(minutes=5)
        assert insured.run("insurance.claims") == 1
    claim = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json
    assert claim["insurer_attempts"] == 3 and claim["insurer_status"] == "received"
    insured.day.clock.advance(minutes=11)  # polled: the insurer approves
    assert insured.run("insurance.claims") == 1
    claim = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json
    assert claim["insurer_status"] == "approved" and claim["status"] == "paid"
    insured.day.clock.advance(hours=1)
    assert insured.run("insurance.claims") == 0
    with _units(insured)() as session:
        assert claim_jobs.pay_claim(session, claim_id=claim["id"]) is False
    assert claim_jobs.send_claim(_units(insured), claim_id=claim["id"]) is False
    [payout] = _claim_payouts(insured, claim["id"])
    assert payout["amount"] == 120_000
    assert insured.day.money.audit() == []


def test_another_tenants_policy_is_not_found(
    insured: Insured, client: Any, other_tenant: TenantHandle
) -> None:
    made = _at_work(insured)
    other = ApiClient(client, other_tenant.api_key)
    body = {
        "policy_id": made["policy"],
        "coverage": "medical_expenses",
        "amount": 100,
        "incident_at": _utc(CLOCK_IN + SECOND),
        "incident_place": "gate",
        "description": "probe",
        "attachments": [],
    }
    resp = other.post("/v1/insurance/claims", body, headers={"Idempotency-Key": str(uuid.uuid4())})
    found = assert_problem(resp, 404, "resource_missing")
    assert [e["field"] for e in found["errors"]] == ["policy_id"]


def test_an_amount_above_the_sum_insured(insured: Insured) -> None:
    made = _at_work(insured)
    resp = _claim(insured, made["policy"], amount=5_000_001)
    body = assert_problem(resp, 422, "claim_above_sum_insured")
    assert [e["field"] for e in body["errors"]] == ["amount"]
    assert _claim(insured, made["policy"], amount=5_000_000).status_code == 201


def test_attachments_without_a_hash(insured: Insured) -> None:
    made = _at_work(insured)
    attachment = {"name": "xray.jpg", "content_type": "image/jpeg", "size": 1}
    resp = _claim(insured, made["policy"], attachments=[attachment])
    body = assert_problem(resp, 422, "validation_error")
    assert [e["field"] for e in body["errors"]] == ["attachments.0.sha256"]
    resp = _claim(insured, made["policy"], attachments=[{**attachment, "sha256": "abc"}])
    assert [e["field"] for e in resp.json["errors"]] == ["attachments.0.sha256"]
    assert insured.api.get("/v1/insurance/claims").json["data"] == []


def test_an_approval_needs_a_payout_account(insured: Insured) -> None:
    made = _at_work(insured)
    claim = _claim(insured, made["policy"]).json
    removed = insured.api.patch(
        f"/v1/workers/{insured.day.money.worker_id}", {"payout_account": None}
    )
    assert removed.status_code == 200, removed.json
    assert _review(insured, claim["id"], "start_review").status_code == 200
    assert_problem(_review(insured, claim["id"], "approve"), 422, "payout_account_missing")
    found = insured.api.get(f"/v1/insurance/claims/{claim['id']}").json
    assert found["status"] == "under_review" and found["payout_id"] is None


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # grants and triggers
def test_the_evidence_cannot_be_changed_on_postgresql(
    insured: Insured, request: pytest.FixtureRequest
) -> None:
    """The application role may only insert and read the packs; a trigger refuses a change
    even to the owner."""
    tenant = insured.day.money.tenant
    assert database(tenant.app).engine.dialect.name == "postgresql"
    made = _at_work(insured)
    claim = _claim(insured, made["policy"]).json
    forge = text("UPDATE insurance_claim_evidence SET sha256 = :h WHERE claim_id = :c")
    units = database(tenant.app)
    with (
        pytest.raises(DBAPIError, match="permission denied"),
        units.unit_of_work(tenant_id=tenant.id) as session,
    ):
        session.execute(forge, {"h": "0" * 64, "c": claim["id"]})
    owner = create_engine(request.getfixturevalue("postgres").owner_url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), owner.begin() as conn:
            conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant.id})
            conn.execute(forge, {"h": "0" * 64, "c": claim["id"]})
    finally:
        owner.dispose()
    evidence = insured.api.get(f"/v1/insurance/claims/{claim['id']}/evidence").json
    assert evidence["sha256"] == claim["evidence_sha256"]
