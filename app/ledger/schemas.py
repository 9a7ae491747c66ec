"""Wire format of the ledger (read-only)."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, Currency, DateTime, Pattern, Str
from app.ledger.accounts import KINDS


class DeclaredKind(ma.validate.Validator):
    """One of the account kinds the blocks declared (read when validating, so kinds declared
    by blocks imported after this module count; the spec lists them as an enum)."""

    error = "Must be one of: {choices}."

    @property
    def choices(self) -> list[str]:  # apispec reads it for the enum
        return sorted(KINDS)

    def __call__(self, value: str) -> str:
        if value not in KINDS:
            raise ma.ValidationError(self.error.format(choices=", ".join(self.choices)))
        return value


class BalancesSchema(BaseSchema):
    posted = ma.fields.Integer(required=True, metadata={"description": "Posted entries"})
    pending = ma.fields.Integer(required=True, metadata={"description": "Posted and pending"})
    available = ma.fields.Integer(
        required=True, metadata={"description": "Posted, less pending outbound entries"}
    )


class LedgerAccountSchema(BaseSchema):
    id = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True,
        metadata={
            "description": "Declared by the blocks (docs/money.md lists them); more may come, "
            "so treat an unknown kind as an account like any other."
        },
    )
    owner_type = ma.fields.String(required=True)
    owner_id = ma.fields.String(required=True)
    currency = ma.fields.String(required=True)
    normal_balance = ma.fields.String(required=True, metadata={"enum": ["debit", "credit"]})
    balances = ma.fields.Nested(BalancesSchema, required=True)
    lock_version = ma.fields.Integer(required=True)
    created_at = DateTime(required=True)


class LedgerAccountQuerySchema(PageQuerySchema):
    kind = ma.fields.String(validate=DeclaredKind())
    owner_id = Str(max_length=40, validate=[Pattern(r"^[a-z]{2,8}(_[0-9a-z]+)?$")])
    currency = Currency()


class LedgerEntrySchema(BaseSchema):
    id = ma.fields.String(required=True)
    transaction_id = ma.fields.String(required=True)
    account_id = ma.fields.String(required=True)
    direction = ma.fields.String(required=True, metadata={"enum": ["debit", "credit"]})
    amount = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    transaction_status = ma.fields.String(
        required=True, metadata={"enum": ["pending", "posted", "archived"]}
    )
    created_at = DateTime(required=True)


class LedgerTransactionSchema(BaseSchema):
    id = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["pending", "posted", "archived"]})
    description = ma.fields.String(required=True)
    reverses_id = ma.fields.String(required=True, allow_none=True)
    source_type = ma.fields.String(required=True, allow_none=True)
    source_id = ma.fields.String(required=True, allow_none=True)
    effective_at = DateTime(required=True)
    created_at = DateTime(required=True)
    posted_at = DateTime(required=True, allow_none=True)
    archived_at = DateTime(required=True, allow_none=True)
    entries = ma.fields.List(ma.fields.Nested(LedgerEntrySchema), required=True)
