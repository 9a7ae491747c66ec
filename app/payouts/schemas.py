"""Wire format of payouts and the reconciliation report."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import Amount, BaseSchema, Bool, Currency, DateTime, IdRef, TestClockRef

STATUSES = ["pending", "processing", "paid", "failed", "returned"]
OUTCOMES = ["paid", "failed", "returned"]
# The days a reconciliation report can cover: the day's bounds, in any time zone, must be
# datetimes Python (and the databases) can hold.
FIRST_DAY, LAST_DAY = dt.date.min + dt.timedelta(days=1), dt.date.max - dt.timedelta(days=1)


class PayoutAttemptSchema(BaseSchema):
    number = ma.fields.Integer(
        required=True, metadata={"description": "The attempt: 1, then +1 per retry"}
    )
    destination_kind = ma.fields.String(required=True)
    destination_provider = ma.fields.String(required=True)
    destination_masked = ma.fields.String(
        required=True, metadata={"description": "The account this attempt was sent to, masked"}
    )
    destination_refreshed = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "true: a retry with `refresh_destination` took the worker's account "
            "as it was then; false: the account recorded when the payout was created (attempt "
            "1) or by the previous attempt"
        },
    )
    ledger_transaction_id = ma.fields.String(
        required=True, metadata={"description": "This attempt's pending ledger transaction"}
    )
    provider_reference = ma.fields.String(required=True, allow_none=True)
    outcome = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "enum": [*OUTCOMES, None],
            "description": "null until the provider's answer is known (pending, processing)",
        },
    )
    failure_code = ma.fields.String(required=True, allow_none=True)
    started_at = DateTime(required=True)
    ended_at = DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "When the attempt was paid or failed (a later return keeps it)"},
    )


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
    destination_kind = ma.fields.String(
        required=True, metadata={"description": "The current attempt's destination (see attempts)"}
    )
    destination_provider = ma.fields.String(required=True)
    destination_masked = ma.fields.String(required=True)
    provider_reference = ma.fields.String(required=True, allow_none=True)
    failure_code = ma.fields.String(required=True, allow_none=True)
    ledger_transaction_id = ma.fields.String(required=True)
    return_transaction_id = ma.fields.String(required=True, allow_none=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    paid_at = DateTime(required=True, allow_none=True)
    failed_at = DateTime(required=True, allow_none=True)
    returned_at = DateTime(required=True, allow_none=True)
    attempts = ma.fields.List(
        ma.fields.Nested(PayoutAttemptSchema),
        required=True,
        metadata={
            "description": "Every attempt, oldest first, with the account it was sent to and "
            "its outcome; the last one is the current attempt. Empty for a payout created "
            "before attempts were recorded, until it is retried"
        },
    )


class PayoutCreateSchema(BaseSchema):
    worker_id = IdRef("wkr", required=True)
    amount = Amount(required=True)
    currency = Currency(required=True)


class PayoutRetrySchema(BaseSchema):
    refresh_destination = Bool(
        load_default=False,
        metadata={
            "description": "false (default): pay the account recorded on the payout again. "
            "true: take the worker's payout account as it is now (after correcting it)"
        },
    )


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
        required=True,
        validate=ma.validate.Range(
            min=FIRST_DAY,
            max=LAST_DAY,
            error=f"Must be a day from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}.",
        ),
        metadata={
            "description": "A calendar day in the tenant's time zone, from "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
            # the same range for generators that read no x-minimum/x-maximum of a date
            "pattern": f"^(?!{dt.date.min.isoformat()}$|{dt.date.max.isoformat()}$).*$",
        },
    )
