"""Wire format of deposits, holds, releases, refunds and escrow balances."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import Amount, BaseSchema, Bool, Currency, DateTime, IdRef, Str, TestClockRef


class DepositSchema(BaseSchema):
    id = ma.fields.String(required=True)
    employer_id = ma.fields.String(required=True)
    amount = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["pending", "succeeded", "failed"]})
    failure_code = ma.fields.String(required=True, allow_none=True)
    provider = ma.fields.String(required=True)
    ledger_transaction_id = ma.fields.String(required=True, allow_none=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class DepositCreateSchema(BaseSchema):
    employer_id = IdRef("emp", required=True)
    amount = Amount(required=True)
    currency = Currency(required=True)


class DepositQuerySchema(PageQuerySchema):
    employer_id = IdRef("emp")


class HoldSchema(BaseSchema):
    id = ma.fields.String(required=True)
    employer_id = ma.fields.String(required=True)
    amount = ma.fields.Integer(required=True)
    released_amount = ma.fields.Integer(required=True)
    returned_amount = ma.fields.Integer(
        required=True, metadata={"description": "Given back to available escrow"}
    )
    remaining = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(
        required=True,
        metadata={"enum": ["active", "partially_released", "released", "cancelled"]},
    )
    purpose = ma.fields.String(required=True)
    reference = ma.fields.String(required=True, allow_none=True)
    ledger_transaction_id = ma.fields.String(required=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class HoldCreateSchema(BaseSchema):
    employer_id = IdRef("emp", required=True)
    amount = Amount(required=True)
    currency = Currency(required=True)
    purpose = Str(
        min_length=1,
        max_length=40,
        load_default="wages",
        metadata={"description": "What the money is for: wages, premium..."},
    )
    reference = Str(
        max_length=80, metadata={"description": "Your own reference (an engagement id...)"}
    )


class HoldQuerySchema(PageQuerySchema):
    employer_id = IdRef("emp")
    status = ma.fields.String(
        validate=ma.validate.OneOf(["active", "partially_released", "released", "cancelled"])
    )


class ReleaseCreateSchema(BaseSchema):
    worker_id = IdRef("wkr", required=True)
    amount = Amount(metadata={"description": "Default: everything that remains"})
    keep_remainder_held = Bool(
        load_default=False,
        metadata={"description": "Keep the rest reserved (false: give it back to available)"},
    )


class ReleaseSchema(BaseSchema):
    id = ma.fields.String(required=True)
    hold_id = ma.fields.String(required=True)
    worker_id = ma.fields.String(required=True)
    amount = ma.fields.Integer(required=True)
    returned_amount = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    ledger_transaction_id = ma.fields.String(required=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)


class RefundCreateSchema(BaseSchema):
    employer_id = IdRef("emp", required=True)
    amount = Amount(required=True)
    currency = Currency(required=True)


class RefundSchema(BaseSchema):
    id = ma.fields.String(required=True)
    employer_id = ma.fields.String(required=True)
    amount = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    ledger_transaction_id = ma.fields.String(required=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)


class EscrowBalanceSchema(BaseSchema):
    employer_id = ma.fields.String(required=True)
    currency = ma.fields.String(required=True)
    available = ma.fields.Integer(required=True, metadata={"description": "Free to hold"})
    held = ma.fields.Integer(required=True, metadata={"description": "Reserved by holds"})
    total = ma.fields.Integer(required=True)


class EscrowBalanceQuerySchema(BaseSchema):
    currency = Currency(metadata={"description": "Default: the tenant's currency"})
