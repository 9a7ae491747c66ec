"""Wire format of payslips and statements."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, IdRef, TestClockRef

STATUSES = ("in_force", "corrected")
_NOTE = "as of this payslip: the payslips written up to it, corrections replacing originals"


class PayslipTotalsSchema(BaseSchema):
    gross = ma.fields.Integer(required=True)
    withheld = ma.fields.Integer(required=True, metadata={"description": "IIT withheld"})
    net = ma.fields.Integer(required=True)


class PayslipPartySchema(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class PayslipWorkerSchema(PayslipPartySchema):
    id_card_masked = ma.fields.String(required=True, metadata={"example": "110101********1234"})


class PayoutStateSchema(BaseSchema):
    id = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"description": "Live, at the time read"})


class PayslipSchema(BaseSchema):
    id = ma.fields.String(required=True)
    object = ma.fields.String(required=True, metadata={"example": "payslip"})
    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(STATUSES),
        metadata={"description": "`corrected` once a correction replaced it (`corrected_by`)"},
    )
    shift_id = ma.fields.String(required=True)
    engagement_id = ma.fields.String(required=True)
    worker_id = ma.fields.String(required=True)
    employer_id = ma.fields.String(required=True)
    worker = ma.fields.Nested(PayslipWorkerSchema, required=True)
    employer = ma.fields.Nested(PayslipPartySchema, required=True)
    day = ma.fields.Date(required=True, metadata={"description": "The day worked"})
    paid_on = ma.fields.Date(required=True, metadata={"description": "Pay day (tenant calendar)"})
    currency = ma.fields.String(required=True)
    basis = ma.fields.String(required=True, metadata={"description": "daily, hourly or piece"})
    gross = ma.fields.Integer(required=True)
    withheld = ma.fields.Integer(required=True)
    net = ma.fields.Integer(required=True, metadata={"description": "gross - withheld"})
    employer_cost = ma.fields.Integer(
        required=True, metadata={"description": "gross + the employer's items (never deducted)"}
    )
    pay = ma.fields.Dict(
        required=True,
        metadata={"description": "The gross's line: basis, rate, quantity or minutes, rounding"},
    )
    deductions = ma.fields.List(
        ma.fields.Dict(),
        required=True,
        metadata={"description": "What was withheld, each with its rule, version and figures"},
    )
    employer_items = ma.fields.List(
        ma.fields.Dict(), required=True, metadata={"description": "Paid by the employer on top"}
    )
    payout_id = ma.fields.String(required=True, allow_none=True)
    payout = ma.fields.Nested(PayoutStateSchema, required=True, allow_none=True)
    corrects_id = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "The payslip this corrects"}
    )
    correction_reason = ma.fields.String(required=True, allow_none=True)
    corrected_by = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "The correction replacing it"}
    )
    month_to_date = ma.fields.Nested(
        PayslipTotalsSchema, required=True, metadata={"description": f"Same employer, {_NOTE}"}
    )
    year_to_date = ma.fields.Nested(
        PayslipTotalsSchema, required=True, metadata={"description": f"Same employer, {_NOTE}"}
    )
    test_clock = TestClockRef(attribute=None)
    created_at = ma.fields.String(required=True)


class PayslipQuerySchema(PageQuerySchema):
    worker_id = IdRef("wkr")
    employer_id = IdRef("emp")
    engagement_id = IdRef("eng")
    shift_id = IdRef("shf")
    paid_from = ma.fields.Date(metadata={"description": "Pay day on or after (inclusive)"})
    paid_to = ma.fields.Date(
        metadata={"description": "Pay day on or before (inclusive); not before `paid_from`"}
    )

    @ma.validates_schema(skip_on_field_errors=True)
    def _range(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "paid_from" in data and "paid_to" in data and data["paid_to"] < data["paid_from"]:
            raise ma.ValidationError("On or after `paid_from`.", field_name="paid_to")


class StatementRowSchema(BaseSchema):
    currency = ma.fields.String(required=True)
    days = ma.fields.Integer(required=True, metadata={"description": "Days worked"})
    payslips = ma.fields.Integer(required=True, metadata={"description": "In force"})
    gross = ma.fields.Integer(required=True)
    withheld = ma.fields.Integer(required=True)
    net = ma.fields.Integer(required=True)
    paid = ma.fields.Integer(required=True, metadata={"description": "Net paid out"})
    pending = ma.fields.Integer(required=True, metadata={"description": "Net on its way"})


class StatementEmployerRowSchema(StatementRowSchema):
    employer = ma.fields.Nested(PayslipPartySchema, required=True)


class YearToDateSchema(BaseSchema):
    currency = ma.fields.String(required=True)
    payslips = ma.fields.Integer(required=True)
    gross = ma.fields.Integer(required=True)
    withheld = ma.fields.Integer(required=True)
    net = ma.fields.Integer(required=True)


class WorkerStatementSchema(BaseSchema):
    object = ma.fields.String(required=True, metadata={"example": "worker_statement"})
    month = ma.fields.String(required=True, metadata={"example": "2027-03"})
    complete = ma.fields.Boolean(
        required=True, metadata={"description": "false for the current month, still running"}
    )
    worker = ma.fields.Nested(PayslipWorkerSchema, required=True)
    employers = ma.fields.List(ma.fields.Nested(StatementEmployerRowSchema), required=True)
    totals = ma.fields.List(
        ma.fields.Nested(StatementRowSchema),
        required=True,
        metadata={"description": "Per currency, across employers"},
    )
    year_to_date = ma.fields.List(
        ma.fields.Nested(YearToDateSchema),
        required=True,
        metadata={"description": "Per currency, from January to the month's end"},
    )


class PayslipSumsSchema(BaseSchema):
    payslips = ma.fields.Integer(required=True)
    gross = ma.fields.Integer(required=True)
    withheld = ma.fields.Integer(required=True)
    net = ma.fields.Integer(required=True)
    fees = ma.fields.Integer(required=True)


class OtherReleasesSchema(BaseSchema):
    wages = ma.fields.Integer(required=True)
    tax_withheld = ma.fields.Integer(required=True)
    fees = ma.fields.Integer(required=True)


class EmployerMonthSchema(BaseSchema):
    currency = ma.fields.String(required=True)
    opening_escrow = ma.fields.Integer(
        required=True, metadata={"description": "Available and held, at the period's start"}
    )
    deposits = ma.fields.Integer(required=True)
    refunds = ma.fields.Integer(required=True)
    wages = ma.fields.Integer(required=True, metadata={"description": "Net released to workers"})
    tax_withheld = ma.fields.Integer(required=True)
    fees = ma.fields.Integer(required=True, metadata={"description": "Platform fees"})
    premiums = ma.fields.Integer(required=True, metadata={"description": "Insurance premiums"})
    other = ma.fields.Integer(required=True, metadata={"description": "Any other movement"})
    closing_escrow = ma.fields.Integer(
        required=True, metadata={"description": "Available and held, at the period's end"}
    )
    difference = ma.fields.Integer(
        required=True,
        metadata={"description": "closing - (opening + deposits - refunds - releases + other)"},
    )
    payslips = ma.fields.Nested(
        PayslipSumsSchema, required=True, metadata={"description": "The month's, in force"}
    )
    other_releases = ma.fields.Nested(
        OtherReleasesSchema,
        required=True,
        metadata={"description": "Released from escrow beyond the payslips (e.g. by the API)"},
    )
    reconciled = ma.fields.Boolean(
        required=True,
        metadata={"description": "difference is 0 and the releases equal the payslips'"},
    )


class StatementPeriodSchema(BaseSchema):
    start = DateTime(required=True)
    end = DateTime(required=True)


class EmployerStatementSchema(BaseSchema):
    object = ma.fields.String(required=True, metadata={"example": "employer_statement"})
    month = ma.fields.String(required=True, metadata={"example": "2027-03"})
    complete = ma.fields.Boolean(required=True)
    employer = ma.fields.Nested(PayslipPartySchema, required=True)
    period = ma.fields.Nested(StatementPeriodSchema, required=True)
    currencies = ma.fields.List(ma.fields.Nested(EmployerMonthSchema), required=True)
