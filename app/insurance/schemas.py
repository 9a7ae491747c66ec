"""Wire format of insurance products and policies."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import (
    Amount,
    BaseSchema,
    Currency,
    DateTime,
    IdRef,
    Int,
    Metadata,
    Str,
    TestClockRef,
)
from app.insurance.models import (
    COVERAGE_TYPES,
    DAY_STATES,
    NOTIFICATION_KINDS,
    NOTIFICATION_STATES,
    POLICY_STATES,
    STARTS_ON,
)

MAX_DAYS = 366  # covered days per policy
MAX_AGE = 120
CATEGORY = {"min_length": 1, "max_length": 60}


class CoverageSchema(BaseSchema):
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(COVERAGE_TYPES))
    sum_insured = Amount(
        required=True,
        metadata={"description": "In minor units; per day for `hospital_allowance_per_day`"},
    )


class ProductTermsSchema(BaseSchema):
    name = Str(max_length=200, min_length=1, required=True)
    currency = Currency(metadata={"description": "Default: the tenant's currency"})
    daily_premium = Amount(required=True, metadata={"description": "Per covered day"})
    coverages = ma.fields.List(
        ma.fields.Nested(CoverageSchema),
        required=True,
        validate=ma.validate.Length(min=1, max=len(COVERAGE_TYPES)),
    )
    min_age = Int(minimum=0, maximum=MAX_AGE, required=True)
    max_age = Int(minimum=0, maximum=MAX_AGE, required=True)
    excluded_job_categories = ma.fields.List(
        Str(**CATEGORY), load_default=list, validate=ma.validate.Length(max=100)
    )


class ProductCreateSchema(ProductTermsSchema):
    insurer = ma.fields.String(
        required=True, metadata={"description": "Who carries the risk: `sandbox`"}
    )
    metadata = Metadata("`sandbox`: the sandbox insurer's trigger (see docs/insurance.md).")


class ProductUpdateSchema(ProductTermsSchema):
    """A new version: every term given again (the version's terms are the whole body)."""

    metadata = Metadata()


class _TermsView(BaseSchema):
    name = ma.fields.String(required=True)
    currency = ma.fields.String(required=True)
    daily_premium = ma.fields.Integer(required=True)
    coverages = ma.fields.List(ma.fields.Nested(CoverageSchema), required=True)
    min_age = ma.fields.Integer(required=True)
    max_age = ma.fields.Integer(required=True)
    excluded_job_categories = ma.fields.List(ma.fields.String(), required=True)
    created_at = DateTime(required=True)


class ProductSchema(_TermsView):
    id = ma.fields.String(required=True)
    insurer = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True, metadata={"description": "The current version"})
    metadata = ma.fields.Dict(required=True)
    updated_at = DateTime(required=True)


class ProductVersionSchema(_TermsView):
    product_id = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)


class ProductVersionListSchema(BaseSchema):
    data = ma.fields.List(ma.fields.Nested(ProductVersionSchema), required=True)


class PolicyCreateSchema(BaseSchema):
    worker_id = IdRef("wkr", required=True)
    employer_id = IdRef("emp", required=True)  # pays the premiums
    product_id = IdRef("prd", required=True)
    days = ma.fields.List(
        ma.fields.Date(),
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_DAYS),
        metadata={"description": "Covered days (the tenant's calendar), today or later"},
    )
    job_category = Str(**CATEGORY)
    metadata = Metadata()


class PolicyQuerySchema(PageQuerySchema):
    worker_id = IdRef("wkr")
    employer_id = IdRef("emp")
    engagement_id = IdRef("eng")
    status = ma.fields.String(validate=ma.validate.OneOf(POLICY_STATES))


class PolicyDaySchema(BaseSchema):
    id = ma.fields.String(required=True)
    day = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(DAY_STATES)})
    shift_id = ma.fields.String(required=True, allow_none=True)
    starts_on = ma.fields.String(required=True, metadata={"enum": list(STARTS_ON)})
    premium = ma.fields.Integer(required=True)
    hold_id = ma.fields.String(required=True)
    release_id = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "The premium charged"}
    )
    cover_starts_at = DateTime(required=True, allow_none=True)
    cover_ends_at = DateTime(required=True)
    activated_at = DateTime(required=True, allow_none=True)
    cancelled_at = DateTime(required=True, allow_none=True)


class NotificationSchema(BaseSchema):
    id = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(NOTIFICATION_KINDS)})
    day_id = ma.fields.String(required=True, allow_none=True)
    status = ma.fields.String(required=True, metadata={"enum": list(NOTIFICATION_STATES)})
    attempts = ma.fields.Integer(required=True)
    last_error = ma.fields.String(required=True, allow_none=True)
    insurer_reference = ma.fields.String(required=True, allow_none=True)
    insurer_effective_at = DateTime(required=True, allow_none=True)
    confirmed_at = DateTime(required=True, allow_none=True)


class PolicySchema(BaseSchema):
    id = ma.fields.String(required=True)
    worker_id = ma.fields.String(required=True)
    employer_id = ma.fields.String(required=True)
    product_id = ma.fields.String(required=True)
    product_version = ma.fields.Integer(
        required=True, metadata={"description": "The product's terms it was sold under"}
    )
    insurer = ma.fields.String(required=True)
    insurer_status = ma.fields.String(
        required=True, metadata={"enum": ["pending", "bound", "refused"]}
    )
    insurer_policy_number = ma.fields.String(required=True, allow_none=True)
    engagement_id = ma.fields.String(required=True, allow_none=True)
    job_category = ma.fields.String(required=True, allow_none=True)
    currency = ma.fields.String(required=True)
    daily_premium = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(POLICY_STATES)})
    days = ma.fields.List(ma.fields.Nested(PolicyDaySchema), required=True)
    notifications = ma.fields.List(
        ma.fields.Nested(NotificationSchema),
        required=True,
        metadata={"description": "What the insurer was told, and whether it confirmed"},
    )
    metadata = ma.fields.Dict(required=True, attribute="metadata_")
    test_clock = TestClockRef()
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    cancelled_at = DateTime(required=True, allow_none=True)
