"""Wire format of clock-out batches settled by workers (`POST /v1/clock-out-batches`): the
batch with its counts, and its items one page at a time, in the request's order."""

from __future__ import annotations

import base64
import re
from typing import Any

import marshmallow as ma

from app.core.pagination import CursorField, PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, ProblemSchema
from app.work.models import BATCH_ITEM_STATES, BATCH_STATES

_POSITION = re.compile(r"^item:(0|[1-9][0-9]{0,5})$")


def encode_position(position: int) -> str:
    """The cursor after the item at `position` (opaque to clients)."""
    return base64.urlsafe_b64encode(f"item:{position}".encode()).decode().rstrip("=")


class PositionCursor(CursorField):
    """`cursor` of a batch's items: the place of the last item of the previous page."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        token = ma.fields.String._deserialize(self, value, attr, data, **kwargs)
        ma.fields.String._validate(self, token)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            found = _POSITION.match(raw)
        except (ValueError, UnicodeDecodeError):
            found = None
        if found is None:
            raise ma.ValidationError("Not a cursor returned by this API.")
        return int(found.group(1))


class ClockOutBatchItemQuerySchema(PageQuerySchema):
    cursor = PositionCursor(
        validate=PageQuerySchema._declared_fields["cursor"].validators,
        metadata={"description": "`next_cursor` from the previous page (opaque)."},
    )


class ClockOutBatchCountsSchema(BaseSchema):
    total = ma.fields.Integer(required=True)
    pending = ma.fields.Integer(required=True, metadata={"description": "Not settled yet"})
    settled = ma.fields.Integer(required=True)
    failed = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Refused, as the "
            "synchronous batch would refuse them (see each item's `error`)"
        },
    )


class ClockOutBatchProgressSchema(BaseSchema):
    id = ma.fields.String(required=True, metadata={"example": "cob_" + "1" * 26})
    status = ma.fields.String(
        required=True,
        metadata={
            "enum": list(BATCH_STATES),
            "description": "`accepted`, `settling` (workers are at it), `completed` (every "
            "item settled or failed)",
        },
    )
    counts = ma.fields.Nested(ClockOutBatchCountsSchema, required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    completed_at = DateTime(required=True, allow_none=True)


class ClockOutBatchItemSchema(BaseSchema):
    position = ma.fields.Integer(
        required=True, metadata={"description": "The item's place in the request, from 0"}
    )
    shift_id = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(BATCH_ITEM_STATES)})
    at = DateTime(
        required=True, metadata={"description": "The clock-out time sent, or the acceptance's"}
    )
    payslip_id = ma.fields.String(required=True, allow_none=True)
    payout_id = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "None if the net is 0"}
    )
    settled_at = DateTime(required=True, allow_none=True)
    error = ma.fields.Nested(
        ProblemSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Why this item was not settled (problem details)"},
    )
