"""Wire format of events."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, Pattern, Str


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
