"""Telling the insurer: after commit, idempotently on our ids, retried until it confirms.
The sandbox insurer's triggers (product metadata `sandbox`) force each path; cover is in
force on our side whatever the insurer says or whether it answers at all."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.jobs import UnitsOfWork
from app.insurance import notify
from app.insurance.models import SandboxInsurerCall
from tests.helpers import database
from tests.insurance.conftest import Insured
from tests.work.conftest import MARCH, at

LATER = MARCH + dt.timedelta(days=2)


def _sandbox_calls(insured: Insured) -> dict[str, int]:
    tenant = insured.day.money.tenant
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        rows = session.scalars(select(SandboxInsurerCall)).all()
        return {r.operation: r.calls for r in rows}


def _clock_in(insured: Insured, product_id: str) -> dict[str, str]:
    engagement = insured.engage([LATER], insurance_product_id=product_id)
    assert engagement.status_code == 201, engagement.json
    [shift] = insured.day.shifts(engagement.json["id"])
    assert insured.day.clock_in(shift["id"], at(LATER, 7)).status_code == 200
    [policy] = insured.policies(engagement_id=engagement.json["id"])
    return {"policy": policy["id"], "shift": shift["id"]}


def test_an_insurer_outage_leaves_cover_in_force_and_is_retried_until_confirmed(
    insured: Insured,
) -> None:
    product = insured.product(metadata={"sandbox": "unavailable"})
    made = _clock_in(insured, product)
    policy = insured.policy(made["policy"])
    assert policy["days"][0]["status"] == "active"  # cover does not wait for the insurer
    assert insured.premiums() == 300
    assert policy["insurer_status"] == "pending"
    assert {n["status"] for n in policy["notifications"]} == {"pending"}
    bind = next(n for n in policy["notifications"] if n["kind"] == "bind")
    assert bind["attempts"] == 2 and "unavailable" in bind["last_error"]
    assert insured.run("insurance.notify") == 0  # not due yet: it backs off

    rounds = 0
    while {n["status"] for n in insured.policy(made["policy"])["notifications"]} != {"confirmed"}:
        rounds += 1
        assert rounds <= 6, insured.policy(made["policy"])["notifications"]
        insured.day.clock.advance(minutes=5)
        assert insured.run("insurance.notify") == 1
    policy = insured.policy(made["policy"])
    assert policy["insurer_status"] == "bound" and policy["insurer_policy_number"]
    assert _sandbox_calls(insured) == {"bind": 3, "activate": 3}  # 2 refused calls each
    assert insured.run("insurance.notify") == 0

    # Running the job again (a redelivered RQ job) asks nothing and charges nothing.
    tenant = insured.day.money.tenant
    units = UnitsOfWork(database(tenant.app), tenant.id)
    assert notify.notify_policy(units, policy_id=made["policy"]) == 0
    assert _sandbox_calls(insured) == {"bind": 3, "activate": 3}
    assert insured.premiums() == 300
    assert insured.day.money.escrow()["held"] == 28_000  # the wage, until clock-out
    assert insured.day.money.audit() == []


def test_a_refused_bind_is_recorded_and_cover_stays(insured: Insured) -> None:
    product = insured.product(metadata={"sandbox": "bind_refused"})
    made = _clock_in(insured, product)
    policy = insured.policy(made["policy"])
    assert policy["insurer_status"] == "refused"
    kinds = {n["kind"]: (n["status"], n["last_error"]) for n in policy["notifications"]}
    assert kinds == {"bind": ("refused", "risk_declined"), "activate": ("refused", "not_bound")}
    assert policy["days"][0]["status"] == "active" and insured.premiums() == 300


def test_a_late_activation_is_recorded_beside_our_cover(insured: Insured) -> None:
    product = insured.product(metadata={"sandbox": "activation_late"})
    made = _clock_in(insured, product)
    policy = insured.policy(made["policy"])
    [activation] = [n for n in policy["notifications"] if n["kind"] == "activate"]
    assert activation["status"] == "confirmed"
    late = at(LATER, 7, 10).astimezone(dt.UTC).isoformat()
    assert activation["insurer_effective_at"] == late
    assert policy["days"][0]["cover_starts_at"] == at(LATER, 7).astimezone(dt.UTC).isoformat()
