"""Wire format of insurance claims and their evidence packs."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import Amount, BaseSchema, DateTime, IdRef, Int, Pattern, Str, TestClockRef
from app.insurance.models import CLAIM_INSURER_STATES, CLAIM_STATES, COVERAGE_TYPES

MAX_ATTACHMENTS = 50
MAX_ATTACHMENT_BYTES = 2**40
DECISIONS = ("start_review", "approve", "reject")


class AttachmentSchema(BaseSchema):
    """A file the platform stores elsewhere, named by its SHA-256."""

    name = Str(min_length=1, max_length=200, required=True)
    content_type = Str(min_length=3, max_length=100, required=True)
    size = Int(minimum=0, maximum=MAX_ATTACHMENT_BYTES, required=True)
    sha256 = ma.fields.String(
        required=True,
        validate=Pattern("^[0-9a-f]{64}$"),
        metadata={"description": "SHA-256 of the file, 64 lower-case hex digits"},
    )


class IncidentLocationSchema(BaseSchema):
    latitude = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90))
    longitude = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180))


class ClaimCreateSchema(BaseSchema):
    policy_id = IdRef("pol", required=True)
    coverage = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(COVERAGE_TYPES),
        metadata={"description": "The coverage item claimed (one of the policy's)"},
    )
    amount = Amount(
        required=True, metadata={"description": "Claimed; at most the coverage's sum insured"}
    )
    incident_at = DateTime(
        required=True, metadata={"description": "Inside a cover window, not in the future"}
    )
    incident_place = Str(min_length=1, max_length=500, required=True)
    incident_location = ma.fields.Nested(IncidentLocationSchema)
    description = Str(min_length=1, max_length=5000, required=True)
    attachments = ma.fields.List(
        ma.fields.Nested(AttachmentSchema),
        load_default=list,
        validate=ma.validate.Length(max=MAX_ATTACHMENTS),
    )


class ClaimReviewSchema(BaseSchema):
    decision = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(DECISIONS),
        metadata={"description": "`start_review` (submitted), `approve` or `reject` (in review)"},
    )
    reason = Str(min_length=1, max_length=500, metadata={"description": "Required to reject"})
    amount_approved = Amount(
        metadata={"description": "To approve less than claimed (default: the amount claimed)"}
    )


class ClaimQuerySchema(PageQuerySchema):
    policy_id = IdRef("pol")
    worker_id = IdRef("wkr")
    status = ma.fields.String(validate=ma.validate.OneOf(CLAIM_STATES))


class ClaimSchema(BaseSchema):
    id = ma.fields.String(required=True)
    policy_id = ma.fields.String(required=True)
    day_id = ma.fields.String(required=True, metadata={"description": "The covered day"})
    worker_id = ma.fields.String(required=True)
    shift_id = ma.fields.String(required=True, allow_none=True)
    coverage = ma.fields.String(required=True, metadata={"enum": list(COVERAGE_TYPES)})
    sum_insured = ma.fields.Integer(required=True)
    amount = ma.fields.Integer(required=True)
    amount_approved = ma.fields.Integer(required=True, allow_none=True)
    currency = ma.fields.String(required=True)
    incident_at = DateTime(required=True)
    incident_place = ma.fields.String(required=True)
    incident_location = ma.fields.Nested(IncidentLocationSchema, required=True, allow_none=True)
    description = ma.fields.String(required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(CLAIM_STATES)})
    decision_reason = ma.fields.String(required=True, allow_none=True)
    evidence_sha256 = ma.fields.String(required=True)
    payout_id = ma.fields.String(required=True, allow_none=True)
    insurer = ma.fields.String(required=True)
    insurer_status = ma.fields.String(required=True, metadata={"enum": list(CLAIM_INSURER_STATES)})
    insurer_reference = ma.fields.String(required=True, allow_none=True)
    insurer_reason = ma.fields.String(required=True, allow_none=True)
    insurer_attempts = ma.fields.Integer(required=True)
    insurer_last_error = ma.fields.String(required=True, allow_none=True)
    insurer_answered_at = DateTime(required=True, allow_none=True)
    review_started_at = DateTime(required=True, allow_none=True)
    decided_at = DateTime(required=True, allow_none=True)
    paid_at = DateTime(required=True, allow_none=True)
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class ClaimEvidenceSchema(BaseSchema):
    claim_id = ma.fields.String(required=True)
    sha256 = ma.fields.String(
        required=True, metadata={"description": "SHA-256 of the pack's canonical JSON"}
    )
    algorithm = ma.fields.String(
        required=True,
        metadata={
            "description": "`sha256-canonical-json`: sorted keys, no spaces, UTF-8 (see "
            "docs/insurance.md)"
        },
    )
    created_at = DateTime(required=True)
    pack = ma.fields.Dict(required=True, metadata={"description": "Frozen at submission"})
