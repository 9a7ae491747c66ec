"""Wire format of payouts and the reconciliation report."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import Amount, BaseSchema, Currency, DateTime, IdRef

STATUSES = ["pending", "processing", "paid", "failed", "returned"]


class PayoutSchema(BaseSchema):
    id = ma.fields.String(required=True)
    worker_id = ma.fields.String(required=True)
    amount = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": STATUSES})
    attempt = ma.fields.Integer(
        attribute="generation", required=True, metadata={"description": "1, then +1 per retry"}
    )
    provider = ma.fields.String(required=True)
    destination_kind = ma.fields.String(required=True)
    destination_provider = ma.fields.String(required=True)
    destination_masked = ma.fields.String(required=True)
    provider_reference = ma.fields.String(required=True, allow_none=True)
    failure_code = ma.fields.String(required=True, allow_none=True)
    ledger_transaction_id = ma.fields.String(required=True)
    return_transaction_id = ma.fields.String(required=True, allow_none=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    paid_at = DateTime(required=True, allow_none=True)
    failed_at = DateTime(required=True, allow_none=True)
    returned_at = DateTime(required=True, allow_none=True)


class PayoutCreateSchema(BaseSchema):
    worker_id = IdRef("wkr", required=True)
    amount = Amount(required=True)
    currency = Currency(required=True)


class PayoutQuerySchema(PageQuerySchema):
    worker_id = IdRef("wkr")
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class MismatchSchema(BaseSchema):
    kind = ma.fields.String(
        required=True,
        metadata={
            "enum": ["missing_at_provider", "amount_differs", "status_differs", "unknown_transfer"]
        },
    )
    payout_id = ma.fields.String(required=True, allow_none=True)
    provider_reference = ma.fields.String(required=True, allow_none=True)
    detail = ma.fields.String(required=True)


class ReconciliationSchema(BaseSchema):
    date = ma.fields.Date(required=True)
    provider_transfers = ma.fields.Integer(required=True)
    payouts = ma.fields.Integer(required=True)
    mismatches = ma.fields.List(ma.fields.Nested(MismatchSchema), required=True)


class ReconciliationQuerySchema(BaseSchema):
    date = ma.fields.Date(
        required=True, metadata={"description": "A calendar day in the tenant's time zone"}
    )
