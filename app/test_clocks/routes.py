"""Test clocks: simulated time for a test-mode tenant. Scope: `admin`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.test_clocks import service
from app.test_clocks.errors import TestClockAdvancing, TestClockExists, TestClockLiveMode
from app.test_clocks.schemas import (
    TestClockAdvanceSchema,
    TestClockCreateSchema,
    TestClockQuerySchema,
    TestClockSchema,
)

blp = Blueprint(
    "test_clocks",
    __name__,
    url_prefix="/v1",
    description="Simulated time for test-mode tenants: freeze, advance, run what fell due.",
)
SCOPES = ["admin"]


@blp.route("/test-clocks")
class TestClocks(MethodView):
    __test__ = False

    @blp.operation("list_test_clocks", scopes=SCOPES)
    @blp.arguments(TestClockQuerySchema, location="query")
    @blp.response(200, page_schema(TestClockSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List test clocks

        The tenant's test clock, if it has one (at most one at a time).
        """
        return service.list_(ctx.session, **query)

    @blp.operation("create_test_clock", scopes=SCOPES, errors=[TestClockLiveMode, TestClockExists])
    @blp.arguments(TestClockCreateSchema)
    @blp.response(201, TestClockSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create a test clock

        Test-mode tenants only (a live tenant gets 403 `test_clock_live_mode`). From now on
        `frozen_time` (now or later) is the tenant's time in every request, job and
        periodic task, until the clock is deleted. One clock per tenant: a second answers
        409 `test_clock_exists` with `existing_id`. See docs/test-clocks.md.
        """
        return service.create(ctx.session, actor=ctx.actor, **data)


@blp.route("/test-clocks/<id(clk):clock_id>")
class TestClockById(MethodView):
    __test__ = False

    @blp.operation("get_test_clock", scopes=SCOPES, errors=[NotFound])
    @blp.response(200, TestClockSchema)
    def get(self, clock_id: str, ctx: RequestContext) -> Any:
        """Get a test clock"""
        return service.get_or_raise(ctx.session, clock_id)

    @blp.operation("delete_test_clock", scopes=SCOPES, errors=[NotFound])
    @blp.response(204)
    def delete(self, clock_id: str, ctx: RequestContext) -> Any:
        """Delete a test clock

        The tenant is on the real clock again; what was made under the clock stays.
        """
        service.delete(ctx.session, actor=ctx.actor, clock_id=clock_id)


@blp.route("/test-clocks/<id(clk):clock_id>/advance")
class TestClockAdvance(MethodView):
    __test__ = False

    @blp.operation("advance_test_clock", scopes=SCOPES, errors=[NotFound, TestClockAdvancing])
    @blp.arguments(TestClockAdvanceSchema)
    @blp.response(200, TestClockSchema)
    def post(self, data: dict[str, Any], clock_id: str, ctx: RequestContext) -> Any:
        """Advance a test clock

        Moves `frozen_time` forward (later than now on the clock, by at most 2 years; else
        422 naming `frozen_time`) and answers `status: advancing`; then every periodic task
        runs once at the new time (contracts and signing links expiring, daily cover ending
        at midnight, delayed deposits, payout returns, webhook retries, statements), and the
        clock is `ready`. Events: `test_clock.advancing`, then `test_clock.ready` (or
        `test_clock.internal_failure` if a task failed). Advancing again before that answers
        409 `test_clock_advancing`.
        """
        return service.advance(ctx.session, actor=ctx.actor, clock_id=clock_id, **data)
