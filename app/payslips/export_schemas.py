"""Wire formats of the exports: the export's query, the withholding report (JSON), and the
CSV responses as the spec documents them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma

from app.core.schemas import MONTH_PATTERN, BaseSchema
from app.payslips.exports import MAX_DAYS, PAYSLIP_COLUMNS, WITHHOLDING_COLUMNS


class PayslipExportQuerySchema(BaseSchema):
    first = ma.fields.Date(
        required=True,
        data_key="from",
        metadata={"description": "First day paid (`paid_on`, tenant calendar), included"},
    )
    last = ma.fields.Date(
        required=True,
        data_key="to",
        metadata={
            "description": f"Last day paid, included; on or after `from`, at most {MAX_DAYS} "
            "days in all"
        },
    )

    @ma.validates_schema(skip_on_field_errors=True)
    def _range(self, data: dict[str, Any], **_kwargs: Any) -> None:
        first: dt.date = data["first"]
        last: dt.date = data["last"]
        if last < first:
            raise ma.ValidationError("On or after `from`.", field_name="to")
        if (last - first).days >= MAX_DAYS:
            raise ma.ValidationError(f"At most {MAX_DAYS} days after `from`.", field_name="to")


class WithholdingLineSchema(BaseSchema):
    worker_id = ma.fields.String(required=True)
    worker_name = ma.fields.String(required=True)
    worker_id_card_masked = ma.fields.String(
        required=True, metadata={"example": "110105********1234"}
    )
    currency = ma.fields.String(required=True, metadata={"example": "CNY"})
    income = ma.fields.Integer(
        required=True, metadata={"description": "Gross paid, in minor units (fen)"}
    )
    tax_withheld = ma.fields.Integer(
        required=True, metadata={"description": "IIT withheld, in minor units (fen)"}
    )
    payslips = ma.fields.Integer(required=True, metadata={"description": "Payslips in force"})


class WithholdingReportSchema(BaseSchema):
    object = ma.fields.Constant("list", required=True)
    month = ma.fields.String(required=True, metadata={"example": "2027-03"})
    data = ma.fields.List(
        ma.fields.Nested(WithholdingLineSchema),
        required=True,
        metadata={"description": "Per worker and currency, by worker id; empty for none"},
    )


MONTH_PARAMETER = {
    "in": "path",
    "name": "month",
    "required": True,
    "description": "A month that has begun, in the tenant's time zone",
    # a month that has begun: a later one is refused (422), in /docs' Try it out too
    "schema": {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"},
}


def csv_response(description: str, columns: tuple[str, ...]) -> dict[str, Any]:
    """The 200 of a CSV operation, for `@blp.doc(responses=...)`."""
    return {
        "200": {
            "description": f"{description}. UTF-8 with a byte-order mark; columns: "
            + ", ".join(f"`{c}`" for c in columns),
            "headers": {
                "Content-Disposition": {
                    "schema": {"type": "string"},
                    "description": "`attachment; filename=...csv`",
                }
            },
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }


PAYSLIP_CSV = csv_response("The payslips, one a row, by `paid_on` then `id`", PAYSLIP_COLUMNS)
WITHHOLDING_CSV = csv_response("The report, one row per worker and currency", WITHHOLDING_COLUMNS)
