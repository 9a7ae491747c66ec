"""Wire format of contracts, their signers and signatures, signing links and the document's
rendering status. Templates: `template_schemas`; audit trail, verification and keys:
`verification_schemas`."""

from __future__ import annotations

import ipaddress
from typing import Any

import marshmallow as ma

from app.core.money import MAX_AMOUNT
from app.core.pagination import PageQuerySchema
from app.core.schemas import (
    BaseSchema,
    DateTime,
    IdRef,
    Int,
    Metadata,
    ObjectOf,
    Pattern,
    Str,
    TestClockRef,
)
from app.signing.documents import MAX_TEXT, NAME
from app.signing.evidence import API_METHODS
from app.signing.models import CONTRACT_STATES

PLACEHOLDER_NAME = "Lower-case letters, digits and _, starting with a letter (at most 40)."
# A contract variable's value: text or a date, or an integer or money amount.
VARIABLE_VALUES = [
    {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_TEXT,
        "pattern": r"^[^\x00-\x08\x0b-\x1f]*$",
    },
    {"type": "integer", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT},
]


class SignatureConsentSchema(BaseSchema):
    """Evidence that the signer meant to sign."""

    method = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(
            API_METHODS,
            error="One of: {choices}. (`hosted_page` is recorded only by the hosted signing "
            "page: create a signing link.)",
        ),
        metadata={
            "description": "How the signer was verified. `hosted_page` is not accepted here: "
            "gigkit records it when the signer signs on the hosted page (signing links)"
        },
    )
    verification = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(("passed", "failed")),
        metadata={"description": "The verification's result: only `passed` signs"},
    )
    ip = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=ma.validate.Length(max=45),
        metadata={"description": "The signer's IP address (IPv4 or IPv6)"},
    )
    user_agent = Str(max_length=500, load_default=None, allow_none=True)

    @ma.validates("ip")
    def _ip(self, value: str | None, **_: Any) -> None:
        if value is None:
            return
        try:
            ipaddress.ip_address(value)
        except ValueError as exc:
            raise ma.ValidationError("Not an IP address.") from exc


class SignerSchema(BaseSchema):
    id = ma.fields.String(required=True)
    party_type = ma.fields.String(required=True, metadata={"enum": ["worker", "employer"]})
    party_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "As printed on the contract"})
    role = ma.fields.String(required=True)
    order = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["pending", "signed", "declined"]})
    signed_at = DateTime(required=True, allow_none=True)
    consent = ma.fields.Dict(
        attribute="evidence",
        required=True,
        allow_none=True,
        metadata={
            "description": "method, verification, ip, user_agent, signed_at, and who vouches "
            "for them: `asserted_by` `gigkit` (the hosted page checked the one-time code) or "
            "`platform` (your credential asserted them; `asserted_via` names it)"
        },
    )


class SignerInputSchema(BaseSchema):
    party_id = ma.fields.String(
        required=True,
        validate=Pattern(r"^(wkr|emp)_[0-9a-z]{26}$"),
        metadata={"description": "A worker (`wkr_...`) or an employer (`emp_...`)"},
    )
    role = Str(required=True, min_length=1, max_length=40, metadata={"example": "worker"})
    order = Int(
        minimum=1,
        maximum=50,
        load_default=1,
        metadata={"description": "Signing order; signers with the same order sign in parallel"},
    )


class ContractSchema(BaseSchema):
    id = ma.fields.String(required=True, metadata={"example": "ctr_01m8h45kdxqf2ynbr6ke6qk468"})
    template_id = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(CONTRACT_STATES)})
    variables = ma.fields.Dict(required=True)
    document = ma.fields.String(required=True, metadata={"description": "The rendered text"})
    document_sha256 = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "Fixed when sent"}
    )
    signers = ma.fields.List(ma.fields.Nested(SignerSchema), required=True)
    sign_by = DateTime(required=True, allow_none=True)
    sent_at = DateTime(required=True, allow_none=True)
    completed_at = DateTime(required=True, allow_none=True)
    ended_at = DateTime(
        required=True, allow_none=True, metadata={"description": "Declined, voided or expired"}
    )
    end_reason = ma.fields.String(required=True, allow_none=True)
    rescinds_id = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "This agreement rescinds it"}
    )
    rescinded_by_id = ma.fields.String(required=True, allow_none=True)
    rescinded_at = DateTime(required=True, allow_none=True)
    chain_hash = ma.fields.String(
        required=True, metadata={"description": "The audit chain's last hash"}
    )
    seal = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Ed25519 signature (base64url) made on completion"},
    )
    seal_key_id = ma.fields.String(required=True, allow_none=True)
    pdf_sha256 = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "SHA-256 of the sealed PDF, once it is made (a moment after "
            "completion; `contract.document.ready`)"
        },
    )
    pdf_seal = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Ed25519 signature (base64url) of the sealed PDF: over `purpose` "
            "`contract-pdf`, `contract_id`, `tenant_id`, `seal` and `pdf_sha256`"
        },
    )
    pdf_seal_key_id = ma.fields.String(required=True, allow_none=True)
    metadata = ma.fields.Dict(attribute="metadata_", required=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class ContractCreateSchema(BaseSchema):
    template_id = IdRef("tpl", required=True)
    variables = ObjectOf(
        keys=Str(max_length=40, validate=[Pattern(NAME.pattern, error=PLACEHOLDER_NAME)]),
        # the type each value must have is the template's rule (422 naming the variable)
        values=ma.fields.Raw(metadata={"oneOf": VARIABLE_VALUES}),
        max_keys=100,  # a template has at most 100 placeholders
        load_default=dict,
        metadata={
            "description": "A value per `text`/`integer`/`money`/`date` placeholder, keyed "
            "by its name: text 1-500 characters, integer or money (minor units) up to "
            "10^15, date `YYYY-MM-DD`"
        },
    )
    signers = ma.fields.List(
        ma.fields.Nested(SignerInputSchema),
        required=True,
        validate=ma.validate.Length(min=1, max=50),
    )
    title = Str(
        min_length=1, max_length=200, metadata={"description": "Default: the template's name"}
    )
    sign_by = DateTime(metadata={"description": "Signing deadline; then the contract expires"})
    metadata = Metadata(load_default=dict)


class ContractQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=ma.validate.OneOf(CONTRACT_STATES))
    party_id = ma.fields.String(validate=Pattern(r"^(wkr|emp)_[0-9a-z]{26}$"))


class ContractSignatureSchema(BaseSchema):
    signer_id = IdRef("sgn", required=True)
    consent = ma.fields.Nested(SignatureConsentSchema, required=True)


class ContractDeclineSchema(BaseSchema):
    signer_id = IdRef("sgn", required=True)
    reason = Str(required=True, min_length=1, max_length=500)


class ContractReasonSchema(BaseSchema):
    reason = Str(required=True, min_length=1, max_length=200)


class SigningLinkCreateSchema(BaseSchema):
    signer_id = IdRef("sgn", required=True)
    expires_in = Int(
        minimum=60,
        maximum=7 * 86400,
        load_default=1800,
        metadata={"description": "Seconds until the link stops working (default 30 minutes)"},
    )


class SigningLinkSchema(BaseSchema):
    id = ma.fields.String(required=True, metadata={"example": "sl_01m8h45kdxqf2ynbr6ke6qk468"})
    contract_id = ma.fields.String(required=True)
    signer_id = ma.fields.String(required=True)
    status = ma.fields.String(
        required=True,
        metadata={
            "enum": ["active", "used", "expired", "locked", "revoked", "contract_closed"],
            "description": "locked: five wrong codes; revoked: a newer link was made for the "
            "signer; contract_closed: nothing left to sign",
        },
    )
    expires_at = DateTime(required=True, metadata={"description": "When the link stops working"})
    used_at = DateTime(required=True, allow_none=True)
    failed_attempts = ma.fields.Integer(required=True)
    revoked_at = DateTime(required=True, allow_none=True)
    created_at = DateTime(required=True)


class SigningLinkIssuedSchema(SigningLinkSchema):
    url = ma.fields.String(
        required=True, metadata={"description": "The hosted signing page. Shown only now"}
    )
    code = ma.fields.String(
        required=True,
        metadata={
            "description": "The one-time code the signer enters on the page (6 digits). Shown "
            "only now: send it to the signer by another channel than the URL (e.g. SMS)",
            "example": "042917",
        },
    )


class ContractDocumentStatusSchema(BaseSchema):
    """A contract's PDF that is still being made."""

    contract_id = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True,
        metadata={"enum": ["sealed", "preview"], "description": "Which PDF is being made"},
    )
    status = ma.fields.String(required=True, metadata={"enum": ["rendering"]})
    retry_after = ma.fields.Integer(
        required=True, metadata={"description": "Seconds to wait before asking again"}
    )


class SigningLinkListSchema(BaseSchema):
    data = ma.fields.List(ma.fields.Nested(SigningLinkSchema), required=True)
