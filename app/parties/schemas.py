"""Wire format of employers and workers.

Personal numbers are write-only: `id_card_number` and `payout_account.account_reference`
are accepted on input and only ever returned masked (`id_card_masked`,
`payout_account.masked_reference`).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, Metadata, Pattern, Str
from app.parties import identity

PAYOUT_KINDS = ("wallet", "bank_account")


def _checked(normalise: Any, pattern: str, example: str) -> Any:
    """A string field that checks the raw input against `pattern` (which lands in the spec)
    and then normalises it with one of `identity`'s functions (check characters included).

    Like every value, a number is taken as sent, never trimmed: spaces around it (an ASCII
    space, a tab, the ideographic space of a Chinese input method) are a 422 on the field,
    as the spec's pattern says."""

    class Checked(Str):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            # (`{regex}` is filled in by marshmallow: the pattern's own `{16}` must not be)
            self.shape = Pattern(pattern, error="Must match {regex}.")
            self.metadata = {"example": example, **self.metadata, "pattern": pattern}

        def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
            text = ma.fields.String._deserialize(self, value, attr, data, **kwargs)
            if text != text.strip():
                raise ma.ValidationError("Remove the spaces around the number.")
            try:
                normalised = str(normalise(text))  # its messages say what is wrong
            except identity.InvalidNumber as exc:
                raise ma.ValidationError(str(exc)) from None
            self.shape(text)  # and exactly the documented shape
            return normalised

    return Checked


IdCardNumber = _checked(identity.normalise_id_card, identity.ID_CARD_PATTERN, "11010519491231002X")
CreditCode = _checked(
    identity.normalise_credit_code, identity.CREDIT_CODE_PATTERN, "91350100M000100Y43"
)
Mobile = _checked(identity.normalise_mobile, identity.MOBILE_PATTERN, "13800138000")
MOBILE_MAX_LENGTH = 14  # "+86" and 11 digits


class ContactSchema(BaseSchema):
    name = Str(max_length=100)
    phone = Str(max_length=32, validate=[Pattern(r"^\+?[0-9][0-9 -]{4,30}$")])
    email = ma.fields.Email(validate=ma.validate.Length(max=254))


class SiteSchema(BaseSchema):
    name = Str(required=True, min_length=1, max_length=100)
    address = Str(max_length=300)


class EmployerSchema(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    credit_code = ma.fields.String(required=True)
    contact = ma.fields.Nested(ContactSchema, required=True)
    sites = ma.fields.List(ma.fields.Nested(SiteSchema), required=True)
    metadata = ma.fields.Dict(attribute="metadata_", required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class EmployerCreateSchema(BaseSchema):
    name = Str(required=True, min_length=1, max_length=200)
    credit_code = CreditCode(
        required=True,
        max_length=18,
        metadata={"description": "Unified social credit code (统一社会信用代码), GB 32100"},
    )
    contact = ma.fields.Nested(ContactSchema, load_default=dict)
    sites = ma.fields.List(
        ma.fields.Nested(SiteSchema), load_default=list, validate=ma.validate.Length(max=50)
    )
    metadata = Metadata(load_default=dict)


class EmployerUpdateSchema(BaseSchema):
    name = Str(min_length=1, max_length=200)
    credit_code = CreditCode(max_length=18)
    contact = ma.fields.Nested(ContactSchema)
    sites = ma.fields.List(ma.fields.Nested(SiteSchema), validate=ma.validate.Length(max=50))
    metadata = Metadata('Merged into the existing metadata; a key set to "" is removed.')


class EmployerQuerySchema(PageQuerySchema):
    credit_code = Str(max_length=18)
    name = Str(max_length=200, metadata={"description": "Case-insensitive substring"})


class PayoutAccountSchema(BaseSchema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(PAYOUT_KINDS))
    provider = Str(
        required=True,
        min_length=1,
        max_length=40,
        metadata={"description": "e.g. wechat, alipay, or the bank's name"},
    )
    account_reference = Str(
        required=True,
        min_length=4,
        max_length=64,
        load_only=True,
        metadata={"description": "Wallet id or account number. Write-only; stored encrypted."},
    )


class PayoutAccountViewSchema(BaseSchema):
    """A worker's payout account as the API shows it: the reference masked."""

    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(PAYOUT_KINDS))
    provider = ma.fields.String(required=True)
    masked_reference = ma.fields.String(required=True, metadata={"example": "*******1234"})


class WorkerSchema(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    mobile = ma.fields.String(required=True)
    id_card_masked = ma.fields.String(required=True, metadata={"example": "1101**********002X"})
    skills = ma.fields.List(ma.fields.String(), required=True)
    payout_account = ma.fields.Nested(
        PayoutAccountViewSchema, attribute="payout_view", required=True, allow_none=True
    )
    metadata = ma.fields.Dict(attribute="metadata_", required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class WorkerCreateSchema(BaseSchema):
    name = Str(required=True, min_length=1, max_length=100)
    mobile = Mobile(
        required=True, max_length=MOBILE_MAX_LENGTH, metadata={"description": "Mainland mobile"}
    )
    id_card_number = IdCardNumber(
        required=True,
        max_length=18,
        load_only=True,
        metadata={"description": "Resident ID-card number (GB 11643). Write-only, encrypted."},
    )
    skills = ma.fields.List(
        Str(min_length=1, max_length=40), load_default=list, validate=ma.validate.Length(max=30)
    )
    payout_account = ma.fields.Nested(PayoutAccountSchema, load_default=None, allow_none=True)
    metadata = Metadata(load_default=dict)


class WorkerUpdateSchema(BaseSchema):
    name = Str(min_length=1, max_length=100)
    mobile = Mobile(max_length=MOBILE_MAX_LENGTH)
    id_card_number = IdCardNumber(max_length=18, load_only=True)
    skills = ma.fields.List(Str(min_length=1, max_length=40), validate=ma.validate.Length(max=30))
    payout_account = ma.fields.Nested(
        PayoutAccountSchema, allow_none=True, metadata={"description": "null removes it"}
    )
    metadata = Metadata('Merged into the existing metadata; a key set to "" is removed.')


class WorkerQuerySchema(PageQuerySchema):
    mobile = Mobile(max_length=MOBILE_MAX_LENGTH)
    skill = Str(max_length=40)
    name = Str(max_length=100, metadata={"description": "Case-insensitive substring"})
