"""Wire format of events."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, Bool, DateTime, IdRef, Int, Metadata, Pattern, Str


class EventSchema(BaseSchema):
    id = ma.fields.String(required=True)
    type = ma.fields.String(required=True, metadata={"example": "worker.created"})
    data = ma.fields.Dict(
        required=True, metadata={"description": "`object`: the resource as it was then"}
    )
    request_id = ma.fields.String(required=True, allow_none=True)
    created_at = DateTime(required=True)


class EventQuerySchema(PageQuerySchema):
    type = Str(max_length=80, validate=[Pattern(r"^[a-z_.]+$")])
    created_gte = DateTime(
        data_key="created[gte]",
        metadata={"description": "Only events recorded at or after this time (RFC 3339)"},
    )


URL_MAX = 2048
DESCRIPTION_MAX = 200
EVENT_TYPE_MAX = 80
OVERLAP_DEFAULT = 86400  # seconds the old secret keeps signing after a rotation
OVERLAP_MAX = 7 * 86400

# Anchored: the server matches whole values, and so must JSON Schema, which otherwise
# accepts any value that merely contains a match ("see https://example.com").
EVENT_TYPE_PATTERN = r"^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$"
# http(s)://host[:port][/path][?query]: an ASCII host name or IPv4 address, no credentials,
# no fragment. Live mode also requires https, and private addresses are refused (422).
URL_PATTERN = (
    r"^https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?"
    r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
    r"([/?][!-\"$-~]*)?$"
)


class WebhookEndpointSchema(BaseSchema):
    id = ma.fields.String(required=True, metadata={"example": "we_01m8h45kdxqf2ynbr6ke6qk468"})
    url = ma.fields.String(required=True, metadata={"example": "https://example.com/gigkit"})
    description = ma.fields.String(required=True)
    event_types = ma.fields.List(ma.fields.String(), required=True)
    enabled = ma.fields.Boolean(required=True)
    disabled_reason = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "enum": ["manual", "gone", "failing", None],
            "description": "manual, gone (it answered 410), failing (3 days of failures)",
        },
    )
    disabled_at = DateTime(required=True, allow_none=True)
    failing_since = DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "Start of the current run of failed attempts"},
    )
    secret_rotated_at = DateTime(required=True, allow_none=True)
    previous_secret_expires_at = DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "Until then, deliveries are also signed with the old secret"},
    )
    metadata = ma.fields.Dict(attribute="metadata_", required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class WebhookEndpointWithSecretSchema(WebhookEndpointSchema):
    secret = ma.fields.String(
        required=True,
        metadata={
            "description": "The signing secret (`whsec_` + base64). Shown only now: store it.",
            "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        },
    )


def _event_types(**kwargs: Any) -> ma.fields.List:
    return ma.fields.List(
        Str(max_length=EVENT_TYPE_MAX, validate=[Pattern(EVENT_TYPE_PATTERN)]),
        validate=ma.validate.Length(min=1, max=50),
        metadata={
            "description": "Event types to receive: exact (`payout.paid`), a prefix "
            "wildcard (`payout.*`, `escrow.hold.*`) or `*` for all",
            "example": ["payout.*", "escrow.hold.released"],
        },
        **kwargs,
    )


class WebhookEndpointCreateSchema(BaseSchema):
    url = Str(
        required=True,
        max_length=URL_MAX,
        validate=[Pattern(URL_PATTERN)],
        metadata={"description": "https (required in live mode) or http"},
    )
    event_types = _event_types(required=True)
    description = Str(max_length=DESCRIPTION_MAX, load_default="")
    enabled = Bool(load_default=True)
    metadata = Metadata(load_default=dict)


class WebhookEndpointUpdateSchema(BaseSchema):
    url = Str(max_length=URL_MAX, validate=[Pattern(URL_PATTERN)])
    event_types = _event_types()
    description = Str(max_length=DESCRIPTION_MAX)
    enabled = Bool(
        metadata={"description": "false disables it (its pending deliveries fail); true enables"}
    )
    metadata = Metadata('Merged into the existing metadata; a key set to "" is removed.')


class WebhookEndpointQuerySchema(PageQuerySchema):
    enabled = ma.fields.Boolean()


class RotateSecretSchema(BaseSchema):
    overlap_seconds = Int(
        load_default=OVERLAP_DEFAULT,
        minimum=0,
        maximum=OVERLAP_MAX,
        metadata={"description": "How long the old secret keeps signing too (default 24 h)"},
    )


class WebhookAttemptSchema(BaseSchema):
    number = ma.fields.Integer(required=True)
    outcome = ma.fields.String(required=True, metadata={"enum": ["succeeded", "failed"]})
    status_code = ma.fields.Integer(required=True, allow_none=True)
    error = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "When no HTTP answer came: timeout, connection_error, dns_error, "
            "blocked_address"
        },
    )
    duration_ms = ma.fields.Integer(required=True)
    response_excerpt = ma.fields.String(
        required=True, metadata={"description": "The first 500 characters of the answer"}
    )
    started_at = DateTime(required=True)


class WebhookDeliverySchema(BaseSchema):
    id = ma.fields.String(required=True)
    endpoint_id = ma.fields.String(required=True)
    event_id = ma.fields.String(required=True, metadata={"description": "= `webhook-id`"})
    event_type = ma.fields.String(required=True)
    origin = ma.fields.String(required=True, metadata={"enum": ["event", "redelivery", "test"]})
    status = ma.fields.String(required=True, metadata={"enum": ["pending", "succeeded", "failed"]})
    attempt_count = ma.fields.Integer(required=True)
    next_attempt_at = DateTime(required=True, allow_none=True)
    last_error = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "http_<status>, a transport error, or endpoint_disabled"},
    )
    attempts = ma.fields.List(ma.fields.Nested(WebhookAttemptSchema), required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class WebhookDeliveryQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=ma.validate.OneOf(["pending", "succeeded", "failed"]))
    event_id = IdRef("evt")


class RedeliverSchema(BaseSchema):
    endpoint_id = IdRef("we")  # only this endpoint; default: every matching one


class WebhookDeliveryListSchema(BaseSchema):
    data = ma.fields.List(ma.fields.Nested(WebhookDeliverySchema), required=True)


class RecoverSchema(BaseSchema):
    since = DateTime(required=True, metadata={"description": "Events created at or after"})
    until = DateTime(metadata={"description": "Events created before (default: now)"})

    @ma.validates_schema
    def _window(self, data: dict[str, Any], **_: Any) -> None:
        if "until" in data and data["until"] <= data["since"]:
            raise ma.ValidationError("Must be later than `since`.", "until")


class RecoverResultSchema(WebhookDeliveryListSchema):
    has_more = ma.fields.Boolean(
        required=True,
        metadata={"description": "More events of the window need sending: call again"},
    )
