"""The block's tenant rules (`app.core.rules`): declared at import, a registry entry only.

`work.withholding` (`WITHHOLDING`): the labour-remuneration withholding rule in force on a
day. Its body loads as a `withholding.LabourRemunerationRule`; before a tenant's first
version the statutory rule is in force (version 0, `withholding.STATUTORY`). A tenant whose
workers are paid through a licensed intermediary, which withholds instead, puts a version
with `"enabled": false`. The body, amounts in minor units:

    {"enabled": true, "currency": "CNY", "threshold": 400000, "fixed_deduction": 80000,
     "percent_deduction": "0.2", "bands": [
        {"up_to": 2000000, "rate": "0.2", "quick_deduction": 0},
        {"up_to": 5000000, "rate": "0.3", "quick_deduction": 200000},
        {"up_to": null, "rate": "0.4", "quick_deduction": 700000}]}

    rule = rules.get(session, WITHHOLDING, on=local_day(session, clock_out_at)).body
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core import rules
from app.core.money import MAX_AMOUNT
from app.core.schemas import BaseSchema, Bool, Currency, Int
from app.work.pay import PayError
from app.work.withholding import MAX_BANDS, STATUTORY, Band, LabourRemunerationRule


class WithholdingBandSchema(BaseSchema):
    up_to = Int(
        minimum=1,
        maximum=MAX_AMOUNT,
        required=True,
        allow_none=True,
        metadata={"description": "Taxable income up to this, in minor units; null: no limit"},
    )
    rate = ma.fields.Decimal(required=True, as_string=True, metadata={"example": "0.2"})
    quick_deduction = Int(minimum=0, maximum=MAX_AMOUNT, required=True)

    @ma.post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Band:
        return Band(**data)


class WithholdingRuleSchema(BaseSchema):
    """A `LabourRemunerationRule`; what it checks beyond the fields (the tax has no jumps)
    is refused as a field error on the field it names."""

    enabled = Bool(required=True)
    currency = Currency(required=True)
    threshold = Int(minimum=0, maximum=MAX_AMOUNT, required=True)
    fixed_deduction = Int(minimum=0, maximum=MAX_AMOUNT, required=True)
    percent_deduction = ma.fields.Decimal(required=True, as_string=True)
    bands = ma.fields.List(
        ma.fields.Nested(WithholdingBandSchema),
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_BANDS),
    )

    @ma.post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> LabourRemunerationRule:
        try:
            return LabourRemunerationRule(**{**data, "bands": tuple(data["bands"])})
        except PayError as exc:
            raise ma.ValidationError(exc.message, field_name=exc.field) from exc


WITHHOLDING = rules.declare(
    "work.withholding",
    schema=WithholdingRuleSchema,
    description="IIT withheld on labour remuneration, cumulatively per payer, worker and month",
    default=WithholdingRuleSchema().dump(STATUTORY),
)
