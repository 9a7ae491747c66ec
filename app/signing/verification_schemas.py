"""Wire format of a contract's evidence: its audit trail, verifying a document or PDF against
what we sealed, and the public keys that check the seals (see `verification`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core.schemas import BaseSchema, DateTime, Pattern

SHA256 = r"^[0-9a-f]{64}$"


class ContractAuditEventSchema(BaseSchema):
    seq = ma.fields.Integer(required=True)
    action = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    data = ma.fields.Dict(required=True)
    created_at = DateTime(required=True)
    prev_hash = ma.fields.String(required=True)
    hash = ma.fields.String(required=True)


class AuditTrailSchema(BaseSchema):
    data = ma.fields.List(ma.fields.Nested(ContractAuditEventSchema), required=True)
    intact = ma.fields.Boolean(
        required=True, metadata={"description": "Every hash recomputes and the chain is whole"}
    )


class ContractVerifyRequestSchema(BaseSchema):
    """Exactly one of `pdf` and `sha256`."""

    pdf = ma.fields.String(
        validate=ma.validate.Length(min=1, max=1_000_000),
        metadata={"description": "The PDF file, base64-encoded"},
    )
    sha256 = ma.fields.String(
        validate=Pattern(SHA256),
        metadata={"description": "SHA-256 (hex) of the PDF, or of the document text (UTF-8)"},
    )

    @ma.validates_schema
    def _one(self, data: dict[str, Any], **_: Any) -> None:
        if ("pdf" in data) == ("sha256" in data):
            raise ma.ValidationError("Give either `pdf` or `sha256`.", "sha256")


class ContractVerificationSchema(BaseSchema):
    valid = ma.fields.Boolean(
        required=True,
        metadata={"description": "A document we sealed, with its text, chain and seal intact"},
    )
    matched = ma.fields.String(
        required=True, allow_none=True, metadata={"enum": ["pdf", "document", None]}
    )
    contract_id = ma.fields.String(required=True, allow_none=True)
    status = ma.fields.String(required=True, allow_none=True)
    completed_at = DateTime(required=True, allow_none=True)
    document_intact = ma.fields.Boolean(required=True)
    chain_intact = ma.fields.Boolean(required=True)
    seal_valid = ma.fields.Boolean(required=True)


class SigningKeySchema(BaseSchema):
    kid = ma.fields.String(required=True)
    alg = ma.fields.String(required=True, metadata={"enum": ["Ed25519"]})
    public_key = ma.fields.String(
        required=True, metadata={"description": "Raw 32-byte public key, base64url"}
    )
    status = ma.fields.String(required=True, metadata={"enum": ["active", "verify_only"]})


class SigningKeyListSchema(BaseSchema):
    data = ma.fields.List(ma.fields.Nested(SigningKeySchema), required=True)
