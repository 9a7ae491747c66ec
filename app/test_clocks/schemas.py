"""The wire format of test clocks."""

from __future__ import annotations

import marshmallow as ma

from app.core.pagination import PageQuerySchema
from app.core.schemas import BaseSchema, DateTime, Str
from app.test_clocks.models import STATUSES


class TestClockSchema(BaseSchema):
    __test__ = False
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True, allow_none=True)
    frozen_time = DateTime(
        required=True, metadata={"description": "The tenant's now, while the clock exists."}
    )
    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(STATUSES),
        metadata={
            "description": "`advancing` while the tasks that fell due run; then `ready` (or "
            "`internal_failure`: advance again to re-run them)."
        },
    )
    advanced_from = DateTime(
        required=True, allow_none=True, metadata={"description": "Before the last advance."}
    )
    tasks_run = ma.fields.Integer(
        required=True, metadata={"description": "Periodic tasks run by the last advance."}
    )
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class TestClockCreateSchema(BaseSchema):
    __test__ = False
    frozen_time = DateTime(
        required=True,
        metadata={"description": "Where the clock starts: now or later (RFC 3339)."},
    )
    name = Str(max_length=200, allow_none=True)


class TestClockAdvanceSchema(BaseSchema):
    __test__ = False
    frozen_time = DateTime(
        required=True,
        metadata={"description": "Later than the clock's time, by at most 2 years."},
    )


class TestClockQuerySchema(PageQuerySchema):
    __test__ = False
