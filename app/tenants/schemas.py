"""Wire format of the tenants block."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, Int, Pattern, Str
from app.tenants import api_keys, oauth_clients
from app.tenants import settings as tenant_settings
from app.tenants.scopes import ALL_SCOPES
from app.tenants.service import API_KEY_NAME_MAX, OAUTH_CLIENT_NAME_MAX


def _scope_list() -> ma.fields.List:
    return ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(ALL_SCOPES)),
        required=True,
        validate=ma.validate.Length(min=1, max=len(ALL_SCOPES)),
    )


def _time_zone(value: str) -> None:
    problem = tenant_settings.time_zone_problem(value)
    if problem:
        raise ma.ValidationError(problem)


class TenantSchema(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    mode = ma.fields.String(required=True, metadata={"description": "live or test"})
    time_zone = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)
    currency = ma.fields.String(required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class TenantUpdateSchema(BaseSchema):
    name = Str(min_length=1, max_length=200)
    time_zone = Str(
        max_length=tenant_settings.TIME_ZONE_MAX_LENGTH,
        validate=[_time_zone],
        metadata={
            "description": "IANA time zone, used for calendar days",
            "example": "Asia/Shanghai",
        },
    )
    locale = Str(
        max_length=tenant_settings.LOCALE_MAX_LENGTH,
        validate=[Pattern(tenant_settings.LOCALE_PATTERN)],
    )
    currency = ma.fields.String(validate=ma.validate.OneOf(tenant_settings.CURRENCY_CHOICES))


class ApiKeySchema(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    mode = ma.fields.String(required=True)
    scopes = ma.fields.Function(
        lambda k: k.scopes.split(),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    prefix = ma.fields.String(required=True, metadata={"description": "First characters"})
    last4 = ma.fields.String(required=True)
    status = ma.fields.Function(
        api_keys.status, required=True, metadata={"enum": ["active", "expired", "revoked"]}
    )
    created_at = DateTime(required=True)
    expires_at = DateTime(required=True, allow_none=True)
    revoked_at = DateTime(required=True, allow_none=True)
    last_used_at = DateTime(required=True, allow_none=True)
    rotated_to = ma.fields.String(attribute="rotated_to_id", required=True, allow_none=True)


class ApiKeyWithSecretSchema(ApiKeySchema):
    secret = ma.fields.String(
        required=True, metadata={"description": "The key itself. Shown only in this response."}
    )


class ApiKeyCreateSchema(BaseSchema):
    name = Str(required=True, min_length=1, max_length=API_KEY_NAME_MAX)
    scopes = _scope_list()
    expires_at = DateTime(metadata={"description": "Optional expiry (RFC 3339, in the future)"})


class RotateSchema(BaseSchema):
    overlap_seconds = Int(
        minimum=0,
        maximum=int(api_keys.MAX_OVERLAP.total_seconds()),
        load_default=86400,
        metadata={"description": "How long the old secret keeps working (0 to 7 days)."},
    )


class ApiKeyQuerySchema(PageQuerySchema):
    active = ma.fields.Boolean(metadata={"description": "Only active (true) or inactive keys"})


class OAuthClientSchema(BaseSchema):
    id = ma.fields.String(required=True)
    client_id = ma.fields.Function(lambda c: c.id, required=True, metadata={"type": "string"})
    name = ma.fields.String(required=True)
    scopes = ma.fields.Function(
        lambda c: c.scopes.split(),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    secret_last4 = ma.fields.String(required=True)
    status = ma.fields.Function(
        oauth_clients.status, required=True, metadata={"enum": ["active", "revoked"]}
    )
    created_at = DateTime(required=True)
    revoked_at = DateTime(required=True, allow_none=True)
    last_used_at = DateTime(required=True, allow_none=True)


class OAuthClientWithSecretSchema(OAuthClientSchema):
    client_secret = ma.fields.String(
        attribute="secret", required=True, metadata={"description": "Shown only in this response."}
    )


class OAuthClientCreateSchema(BaseSchema):
    name = Str(required=True, min_length=1, max_length=OAUTH_CLIENT_NAME_MAX)
    scopes = _scope_list()


class ActorSchema(BaseSchema):
    type = ma.fields.String(required=True)
    id = ma.fields.String(required=True, allow_none=True)


class TargetSchema(BaseSchema):
    type = ma.fields.String(required=True)
    id = ma.fields.String(required=True)


class AuditEventSchema(BaseSchema):
    id = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    actor = ma.fields.Nested(ActorSchema, required=True)
    target = ma.fields.Nested(TargetSchema, required=True)
    request_id = ma.fields.String(required=True, allow_none=True)
    ip = ma.fields.String(required=True, allow_none=True)
    data = ma.fields.Dict(required=True)
    created_at = DateTime(required=True)


class AuditEventQuerySchema(PageQuerySchema):
    action = Str(max_length=80)
    target_id = Str(max_length=40)
    created_gte = DateTime(data_key="created[gte]")


def _known_scopes(value: str) -> None:
    """Scope names only, naming the unknown ones (an empty value asks for every scope:
    Swagger UI's "Try it out" sends `scope=` when the field is left empty)."""
    unknown = [s for s in value.split() if s not in ALL_SCOPES]
    if unknown:
        raise ma.ValidationError(
            f"Unknown scope(s): {', '.join(unknown)}. Known scopes: {' '.join(ALL_SCOPES)}."
        )
    if value and value != " ".join(value.split()):
        raise ma.ValidationError("Separate scopes with single spaces.")


class TokenRequestSchema(ma.Schema):
    """RFC 6749 §4.4.2 form. Extra parameters are ignored, as OAuth clients send them."""

    class Meta:
        unknown = ma.EXCLUDE

    grant_type = ma.fields.String(required=True, validate=ma.validate.OneOf(["client_credentials"]))
    scope = ma.fields.String(
        validate=_known_scopes,
        metadata={
            "description": "Space-separated; empty or left out: every scope of the client",
            "pattern": f"^(({'|'.join(ALL_SCOPES)})( ({'|'.join(ALL_SCOPES)}))*)?$",
        },
    )
    client_id = Str(max_length=40, metadata={"description": "For client_secret_post"})
    client_secret = Str(max_length=64, metadata={"description": "For client_secret_post"})


class TokenResponseSchema(BaseSchema):
    access_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True)
    scope = ma.fields.String(required=True)


class TokenOperationSchema(ma.Schema):
    """RFC 7009 / RFC 7662 form."""

    class Meta:
        unknown = ma.EXCLUDE

    token = Str(required=True, min_length=1, max_length=100)
    token_type_hint = ma.fields.String(validate=ma.validate.OneOf(["access_token"]))
    client_id = Str(max_length=40)
    client_secret = Str(max_length=64)


class IntrospectionSchema(BaseSchema):
    class Meta:
        unknown = ma.INCLUDE

    active = ma.fields.Boolean(required=True)
    scope = ma.fields.String()
    client_id = ma.fields.String()
    token_type = ma.fields.String()
    exp = ma.fields.Integer()
    iat = ma.fields.Integer()
    sub = ma.fields.String()
    tenant_id = ma.fields.String()


class RevocationSchema(BaseSchema):
    """RFC 7009 answers an empty JSON object."""
