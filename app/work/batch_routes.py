"""Clock-out batches settled by workers: accepted at once (202), settled in the background,
read back with their per-item results. Their own blueprint (the day of work's other routes
live in `routes.py`), tagged `work` so that the SDK files them under `api.work`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.work import service
from app.work.batch_schemas import (
    ClockOutBatchItemQuerySchema,
    ClockOutBatchItemSchema,
    ClockOutBatchProgressSchema,
)
from app.work.schemas import ClockOutBatchSchema

blp = Blueprint(
    "work_batches",
    __name__,
    url_prefix="/v1",
    description="Clock-out batches settled in the background.",
)
READ, WRITE = ["work:read"], ["work:write"]
TAGS = ["work"]


@blp.route("/clock-out-batches", tags=TAGS)
class ClockOutBatches(MethodView):
    @blp.operation("create_clock_out_batch", scopes=WRITE, idempotency_key="required")
    @blp.arguments(ClockOutBatchSchema)
    @blp.response(202, ClockOutBatchProgressSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Accept a batch of clock-outs

        Up to 1,000 clock-outs, as `POST /v1/shifts/clock-outs` takes them, accepted at once
        (202, `accepted`) and settled by the workers, per employer, in chunks: the batch
        goes `settling`, then `completed` when every item is settled or failed, with
        `clock_out_batch.completed`. Each item is settled or refused on its own, as the
        synchronous batch would (the same problem codes, in `GET .../items`). An item
        without `at` clocks out at the time the batch is accepted. A shift may appear once
        per batch (422 otherwise).
        """
        return service.accept_clock_out_batch(
            ctx.session, actor=ctx.actor, clock_outs=data["clock_outs"]
        )


@blp.route("/clock-out-batches/<id(cob):batch_id>", tags=TAGS)
class ClockOutBatchById(MethodView):
    @blp.operation("get_clock_out_batch", scopes=READ, errors=[NotFound])
    @blp.response(200, ClockOutBatchProgressSchema)
    def get(self, batch_id: str, ctx: RequestContext) -> Any:
        """Get a clock-out batch

        Its status and how many items are pending, settled and failed.
        """
        return service.get_clock_out_batch(ctx.session, batch_id)


@blp.route("/clock-out-batches/<id(cob):batch_id>/items", tags=TAGS)
class ClockOutBatchItems(MethodView):
    @blp.operation("list_clock_out_batch_items", scopes=READ, errors=[NotFound])
    @blp.arguments(ClockOutBatchItemQuerySchema, location="query")
    @blp.response(200, page_schema(ClockOutBatchItemSchema))
    def get(self, query: dict[str, Any], batch_id: str, ctx: RequestContext) -> Any:
        """List a clock-out batch's items

        In the request's order: each item's shift, status, and once settled its payslip and
        payout, or the problem that kept it from settling.
        """
        return service.list_clock_out_batch_items(ctx.session, batch_id, **query)
