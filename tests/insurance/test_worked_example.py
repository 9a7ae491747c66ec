"""The seed's cover, as a worked example: a 280.00/day engagement insured by a 3.00/day
product over 5 scheduled days; the worker clocks in on 4 and is a no-show on 1.

In fen, from 100,000.00 deposited (10,000,000):
- at engagement: 5 wage holds of 28,000 and 5 premium holds of 300: 141,500 held;
- each clock-in charges that day's 300 to the insurer's `insurance_premiums`;
- the no-show gives back that day's 28,000 and 300 in full;
- the 4 days settle at 28,000 each (wages and tax withheld: 112,000 from escrow);
- escrow: 10,000,000 - 112,000 - 1,200 = 9,886,800, nothing held.
"""

from __future__ import annotations

import datetime as dt

from tests.insurance.conftest import Insured
from tests.work.conftest import MARCH, at

DAYS = [MARCH + dt.timedelta(days=i) for i in range(1, 6)]  # 2-6 March 2027


def test_four_days_worked_one_no_show(insured: Insured) -> None:
    day, money = insured.day, insured.day.money
    engagement = insured.engage(DAYS)
    assert engagement.status_code == 201, engagement.json
    assert engagement.json["insurance_product_id"] == insured.product_id
    assert money.escrow()["held"] == 5 * 28_000 + 5 * 300 == 141_500
    assert money.escrow()["available"] == 10_000_000 - 141_500

    [policy] = insured.policies(engagement_id=engagement.json["id"])
    assert policy["status"] == "scheduled" and policy["product_version"] == 1
    assert [d["status"] for d in policy["days"]] == ["scheduled"] * 5
    assert [d["premium"] for d in policy["days"]] == [300] * 5
    assert policy["insurer_status"] == "bound"  # told after commit; the sandbox confirmed
    assert insured.premiums() == 0  # held, not charged

    shifts = day.shifts(engagement.json["id"])
    for shift, d in zip(shifts[:4], DAYS[:4], strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        covered = insured.policy(policy["id"])["days"][DAYS.index(d)]
        assert covered["status"] == "active"
        assert covered["cover_starts_at"] == at(d, 7).astimezone(dt.UTC).isoformat()
        assert (
            covered["cover_ends_at"]
            == at(d + dt.timedelta(days=1), 0).astimezone(dt.UTC).isoformat()
        )
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
        settled = day.api.get(f"/v1/shifts/{shift['id']}").json
        slip = day.api.get(f"/v1/payslips/{settled['payslip_id']}").json
        # the day's premium shown as the employer's, never deducted from the worker
        assert slip["employer_items"] == [
            {"type": "insurance_premium", "amount": 300, "policy_id": policy["id"]}
        ]
        assert (
            slip["employer_cost"] == 28_000 + 300
            and slip["net"] == slip["gross"] - slip["withheld"]
        )
    assert insured.premiums() == 4 * 300

    no_show = day.money.post(f"/v1/shifts/{shifts[4]['id']}/no-show")
    assert no_show.status_code == 200, no_show.json
    days = insured.policy(policy["id"])["days"]
    assert [d["status"] for d in days] == ["active"] * 4 + ["cancelled"]
    assert insured.premiums() == 1_200  # the no-show day refunded in full

    day.clock.set(at(DAYS[-1] + dt.timedelta(days=1), 0, 1))
    assert insured.run("insurance.cover") == 4
    final = insured.policy(policy["id"])
    assert final["status"] == "expired"
    assert [d["status"] for d in final["days"]] == ["expired"] * 4 + ["cancelled"]
    assert {n["status"] for n in final["notifications"]} == {"confirmed"}
    assert sorted(n["kind"] for n in final["notifications"]) == ["activate"] * 4 + [
        "bind",
        "cancel",
    ]

    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 10_000_000 - 4 * 28_000 - 4 * 300,
        "held": 0,
        "total": 9_886_800,
    }
    assert insured.premiums() == 1_200
    assert money.audit() == []

    statement = insured.api.get(f"/v1/employers/{money.employer_id}/statements/2027-03")
    assert statement.status_code == 200, statement.json
    [cny] = statement.json["currencies"]
    assert cny["premiums"] == 1_200 and cny["wages"] + cny["tax_withheld"] == 112_000
    assert cny["closing_escrow"] == 9_886_800 and cny["difference"] == 0
    assert cny["reconciled"] is True

    types = [e["type"] for e in insured.api.get("/v1/events?limit=100").json["data"]]
    assert types.count("policy.created") == 1
    assert types.count("policy.activated") == 4
    assert types.count("policy.cancelled") == 1
    assert types.count("policy.expired") == 1
