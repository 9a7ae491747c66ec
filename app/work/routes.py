"""The day of work: engagements, shifts, clock-in, clock-out. Scopes: `work:read`,
`work:write`. Every POST that schedules, settles or returns money requires an
`Idempotency-Key`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.core.problems import app_error_body
from app.escrow.errors import InsufficientEscrowBalance
from app.payslips.service import PayslipSchema
from app.work import service
from app.work.corrections import CorrectionLowersPay, PayslipAlreadyCorrected, PayslipMonthClosed
from app.work.errors import (
    ClockTimeInvalid,
    ContractNotSigned,
    EngagementNotActive,
    OutsideGeofence,
    ShiftExists,
    ShiftNotInProgress,
    ShiftNotScheduled,
)
from app.work.hooks import SCHEDULING_ERRORS
from app.work.schemas import (
    ClockInSchema,
    ClockOutBatchResultSchema,
    ClockOutBatchSchema,
    ClockOutSchema,
    EarningsQuerySchema,
    EarningsSchema,
    EngagementCreateSchema,
    EngagementQuerySchema,
    EngagementSchema,
    PayslipCorrectionSchema,
    ShiftQuerySchema,
    ShiftSchema,
    ShiftsCreateSchema,
)

blp = Blueprint("work", __name__, url_prefix="/v1", description="The day of work.")
READ, WRITE = ["work:read"], ["work:write"]


@blp.route("/engagements")
class Engagements(MethodView):
    @blp.operation("list_engagements", scopes=READ)
    @blp.arguments(EngagementQuerySchema, location="query")
    @blp.response(200, page_schema(EngagementSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List engagements"""
        return service.list_engagements(ctx.session, **query)

    @blp.operation(
        "create_engagement",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, InsufficientEscrowBalance, ShiftExists, *SCHEDULING_ERRORS],
    )
    @blp.arguments(EngagementCreateSchema)
    @blp.response(201, EngagementSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Engage a worker

        A worker, an employer and pay terms (`daily`, `hourly` with its rounding and unpaid
        break, or `piece` with its unit) for a run of days. Shifts given here are scheduled
        at once, each holding its expected wage and fee in the employer's escrow: without
        enough available escrow nothing is created (402). A contract, if named, must be
        completed before the first clock-in.
        """
        return service.create_engagement(ctx.session, actor=ctx.actor, **data)


@blp.route("/engagements/<id(eng):engagement_id>")
class EngagementById(MethodView):
    @blp.operation("get_engagement", scopes=READ, errors=[NotFound])
    @blp.response(200, EngagementSchema)
    def get(self, engagement_id: str, ctx: RequestContext) -> Any:
        """Get an engagement"""
        return service.get_engagement(ctx.session, engagement_id)


@blp.route("/engagements/<id(eng):engagement_id>/cancel")
class EngagementCancel(MethodView):
    @blp.operation(
        "cancel_engagement",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, EngagementNotActive],
    )
    @blp.response(200, EngagementSchema)
    def post(self, engagement_id: str, ctx: RequestContext) -> Any:
        """Cancel an engagement

        Its scheduled shifts are cancelled and their holds go back to available escrow;
        shifts in progress are still clocked out and paid.
        """
        return service.cancel_engagement(ctx.session, actor=ctx.actor, engagement_id=engagement_id)


@blp.route("/engagements/<id(eng):engagement_id>/shifts")
class EngagementShifts(MethodView):
    @blp.operation(
        "schedule_shifts",
        scopes=WRITE,
        idempotency_key="required",
        errors=[
            NotFound,
            InsufficientEscrowBalance,
            ShiftExists,
            EngagementNotActive,
            *SCHEDULING_ERRORS,
        ],
    )
    @blp.arguments(ShiftsCreateSchema)
    @blp.response(201, ShiftSchema(many=True))
    def post(self, data: dict[str, Any], engagement_id: str, ctx: RequestContext) -> Any:
        """Schedule shifts

        One shift per worker per day, each holding its expected wage and fee in escrow.
        """
        engagement = service.lock_engagement(ctx.session, engagement_id)  # vs. a cancel
        return service.add_shifts(
            ctx.session, actor=ctx.actor, engagement=engagement, plans=data["shifts"]
        )


@blp.route("/shifts")
class Shifts(MethodView):
    @blp.operation("list_shifts", scopes=READ)
    @blp.arguments(ShiftQuerySchema, location="query")
    @blp.response(200, page_schema(ShiftSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List shifts"""
        return service.list_shifts(ctx.session, **query)


@blp.route("/shifts/clock-outs")
class ShiftClockOuts(MethodView):
    @blp.operation("clock_out_many", scopes=WRITE, idempotency_key="required")
    @blp.arguments(ClockOutBatchSchema)
    @blp.response(200, ClockOutBatchResultSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Clock out a batch

        Up to 1,000 clock-outs in one call (the factory gate at 20:00), settled as clock-out
        settles one, with one statement per kind of row. Each item succeeds or fails on its
        own: `results[i]` is the settled shift or the problem (an unknown shift, one not in
        progress, a bad time or quantity, not enough escrow for what it earned above its
        hold). A shift may appear once per batch (422 otherwise).
        """
        items = [service.ClockOut(**item) for item in data["clock_outs"]]
        outcomes = service.clock_out_many(ctx.session, actor=ctx.actor, items=items)
        return {"results": [_result(outcome) for outcome in outcomes]}


def _result(outcome: service.Outcome) -> dict[str, Any]:
    return {
        "shift_id": outcome.shift_id,
        "status": "failed" if outcome.error else "settled",
        "shift": outcome.shift,
        "error": app_error_body(outcome.error) if outcome.error else None,
    }


@blp.route("/shifts/<id(shf):shift_id>")
class ShiftById(MethodView):
    @blp.operation("get_shift", scopes=READ, errors=[NotFound])
    @blp.response(200, ShiftSchema)
    def get(self, shift_id: str, ctx: RequestContext) -> Any:
        """Get a shift"""
        return service.get_shift(ctx.session, shift_id)


@blp.route("/shifts/<id(shf):shift_id>/clock-in")
class ShiftClockIn(MethodView):
    @blp.operation(
        "clock_in",
        scopes=WRITE,
        errors=[
            NotFound,
            ShiftNotScheduled,
            EngagementNotActive,
            ContractNotSigned,
            ClockTimeInvalid,
            OutsideGeofence,
        ],
    )
    @blp.arguments(ClockInSchema)
    @blp.response(200, ShiftSchema)
    def post(self, data: dict[str, Any], shift_id: str, ctx: RequestContext) -> Any:
        """Clock in

        Starts the shift at `at` (default: now). Refused until the engagement's contract is
        completed, and outside the site's geofence when its policy is `refuse`.
        """
        return service.clock_in(ctx.session, actor=ctx.actor, shift_id=shift_id, **data)


@blp.route("/shifts/<id(shf):shift_id>/clock-out")
class ShiftClockOut(MethodView):
    @blp.operation(
        "clock_out",
        scopes=WRITE,
        idempotency_key="required",
        errors=[
            NotFound,
            ShiftNotInProgress,
            ClockTimeInvalid,
            OutsideGeofence,
            InsufficientEscrowBalance,
        ],
    )
    @blp.arguments(ClockOutSchema)
    @blp.response(200, ShiftSchema)
    def post(self, data: dict[str, Any], shift_id: str, ctx: RequestContext) -> Any:
        """Clock out and settle

        Ends the shift and settles it in the same transaction: the gross from the pay
        terms, IIT withheld under the tenant's rule, the hold released (net to the worker,
        tax and fee to their accounts, the rest back to escrow), the payout created (sent
        at once, after commit) and the payslip written. Once per shift.
        """
        return service.clock_out(ctx.session, actor=ctx.actor, shift_id=shift_id, **data)


@blp.route("/shifts/<id(shf):shift_id>/no-show")
class ShiftNoShow(MethodView):
    @blp.operation(
        "mark_no_show",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, ShiftNotScheduled],
    )
    @blp.response(200, ShiftSchema)
    def post(self, shift_id: str, ctx: RequestContext) -> Any:
        """Mark a no-show

        The worker did not come: the shift's hold goes back to available escrow.
        """
        return service.mark_no_show(ctx.session, actor=ctx.actor, shift_id=shift_id)


@blp.route("/shifts/<id(shf):shift_id>/cancel")
class ShiftCancel(MethodView):
    @blp.operation(
        "cancel_shift",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, ShiftNotScheduled],
    )
    @blp.response(200, ShiftSchema)
    def post(self, shift_id: str, ctx: RequestContext) -> Any:
        """Cancel a shift

        A scheduled shift only: its hold goes back to available escrow.
        """
        return service.cancel_shift(ctx.session, actor=ctx.actor, shift_id=shift_id)


@blp.route("/workers/<id(wkr):worker_id>/earnings")
class WorkerEarnings(MethodView):
    @blp.operation("get_worker_earnings", scopes=READ, errors=[NotFound])
    @blp.arguments(EarningsQuerySchema, location="query")
    @blp.response(200, EarningsSchema)
    def get(self, query: dict[str, Any], worker_id: str, ctx: RequestContext) -> Any:
        """Get a worker's earnings in a month

        From the month's payslips, per currency: gross, IIT withheld, net, and how much of
        the net has been paid out (`paid`) or is still on its way (`pending`).
        """
        return service.earnings(ctx.session, worker_id=worker_id, **query)


@blp.route("/payslips/<id(pys):payslip_id>/corrections")
class PayslipCorrections(MethodView):
    @blp.operation(
        "correct_payslip",
        scopes=WRITE,
        idempotency_key="required",
        errors=[
            NotFound,
            ClockTimeInvalid,
            CorrectionLowersPay,
            PayslipMonthClosed,
            PayslipAlreadyCorrected,
            InsufficientEscrowBalance,
        ],
    )
    @blp.arguments(PayslipCorrectionSchema)
    @blp.response(201, PayslipSchema)
    def post(self, data: dict[str, Any], payslip_id: str, ctx: RequestContext) -> Any:
        """Correct a payslip

        Measures the shift again with the corrected clock times or quantity, under the
        same pay terms, and writes a new payslip that replaces this one (`corrects_id`):
        the withholding is recomputed for the month, and the difference is taken from the
        employer's available escrow and paid out. A correction raises pay; it can be made
        until the end of the month the payslip was paid in. `payslip.corrected`.
        """
        return service.correct_payslip(ctx.session, actor=ctx.actor, payslip_id=payslip_id, **data)
