"""work.rules: the withholding rule as a tenant rule. The statutory rule is in force until a
tenant puts a version; a version's body loads as the rule, and a body whose tax could jump
is refused on the field it names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
import pytest

from app.core import rules
from app.core.auth import Actor
from app.core.errors import ValidationFailed
from app.core.money import Money
from app.core.time import FrozenClock
from app.work.rules import WITHHOLDING, WithholdingRuleSchema
from app.work.withholding import STATUTORY, LabourRemunerationRule, withhold
from tests.helpers import TenantHandle, database

ADMIN = Actor("api_key", "key_01", "req_01")
NOON = dt.datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
BODY: dict[str, Any] = {
    "enabled": True,
    "currency": "CNY",
    "threshold": 400000,
    "fixed_deduction": 80000,
    "percent_deduction": "0.2",
    "bands": [
        {"up_to": 2000000, "rate": "0.2", "quick_deduction": 0},
        {"up_to": 5000000, "rate": "0.3", "quick_deduction": 200000},
        {"up_to": None, "rate": "0.4", "quick_deduction": 700000},
    ],
}


def test_the_statutory_rule_is_the_declared_default_and_its_body_is_the_documented_one() -> None:
    assert WithholdingRuleSchema().dump(STATUTORY) == BODY
    assert WithholdingRuleSchema().load(BODY) == STATUTORY
    assert rules.KINDS[WITHHOLDING].default == STATUTORY


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fixed_deduction": 90000}, "fixed_deduction"),
        ({"percent_deduction": "0.20001"}, "percent_deduction"),  # refused, never rounded
        ({"enabled": "yes"}, "enabled"),
        ({"bands": []}, "bands"),
        ({"bands": BODY["bands"][:1]}, "bands.0.up_to"),  # the last band has no limit
        (
            {"bands": [*BODY["bands"][:2], {**BODY["bands"][2], "quick_deduction": 1}]},
            "bands.2.quick_deduction",
        ),
    ],
)
def test_a_body_that_is_no_rule_is_refused_on_its_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ma.ValidationError) as caught:
        WithholdingRuleSchema().load({**BODY, **change})
    assert field in caught.value.messages


def test_a_tenant_without_a_version_withholds_by_the_statute_then_by_its_own(
    app: Any, tenant: TenantHandle
) -> None:
    """On 2 March the default is in force (version 0); a version putting the rule off from
    3 March (a licensed intermediary withholds) turns the 30,000 payment's 5,200 into 0."""
    payment = Money(3_000_000, "CNY")
    zero = Money(0, "CNY")
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        session.info["clock"] = FrozenClock(NOON)
        default = rules.get(session, WITHHOLDING)
        off = {**BODY, "enabled": False}
        rules.put(session, WITHHOLDING, off, valid_from=dt.date(2026, 3, 3), actor=ADMIN)
        with pytest.raises(ValidationFailed) as caught:
            bad = {**BODY, "fixed_deduction": 90000}
            rules.put(session, WITHHOLDING, bad, valid_from=dt.date(2026, 3, 4), actor=ADMIN)
        later = rules.get(session, WITHHOLDING, on=dt.date(2026, 3, 3))
    assert (default.version, default.body) == (0, STATUTORY)
    assert "body.fixed_deduction" in [e["field"] for e in caught.value.errors or []]
    assert isinstance(later.body, LabourRemunerationRule) and later.version == 1
    figures = {"month_to_date_gross_before": zero, "this_gross": payment, "withheld_so_far": zero}
    assert withhold(default.body, **figures).withheld == Money(520_000, "CNY")
    assert withhold(later.body, **figures).withheld == zero
    assert later.body.bands[2].rate == Decimal("0.4")
