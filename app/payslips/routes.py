"""Payslips and statements. Scope `payslips:read`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import NotFound, ValidationFailed
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.payslips import service
from app.payslips.export_schemas import MONTH_PARAMETER
from app.payslips.schemas import (
    EmployerStatementSchema,
    PayslipQuerySchema,
    PayslipSchema,
    WorkerStatementSchema,
)

blp = Blueprint("payslips", __name__, url_prefix="/v1", description="Payslips and statements.")
READ = ["payslips:read"]


@blp.route("/payslips")
class Payslips(MethodView):
    @blp.operation("list_payslips", scopes=READ)
    @blp.arguments(PayslipQuerySchema, location="query")
    @blp.response(200, page_schema(PayslipSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List payslips

        Newest first, corrections included (`status` says which are in force). Filter by
        worker, employer, engagement, shift, or pay day (`paid_from`, `paid_to`, inclusive).
        """
        return service.list_payslips(ctx.session, **query)


@blp.route("/payslips/<id(pys):payslip_id>")
class PayslipById(MethodView):
    @blp.operation("get_payslip", scopes=READ, errors=[NotFound])
    @blp.response(200, PayslipSchema)
    def get(self, payslip_id: str, ctx: RequestContext) -> Any:
        """Get a payslip

        The settled shift's pay: the gross with its basis and rounding, each deduction with
        the rule and version that produced it, the employer's items (shown, never
        deducted), the net, the payout and its live status, and the month-to-date and
        year-to-date totals from this employer as of this payslip. Immutable: a correction
        is a new payslip naming this one (`corrected_by`).
        """
        return service.get_payslip(ctx.session, payslip_id)


@blp.route("/workers/<id(wkr):worker_id>/statements/<month>", parameters=[MONTH_PARAMETER])
class WorkerStatement(MethodView):
    @blp.operation("get_worker_statement", scopes=READ, errors=[NotFound, ValidationFailed])
    @blp.response(200, WorkerStatementSchema)
    def get(self, worker_id: str, month: str, ctx: RequestContext) -> Any:
        """Get a worker's monthly statement

        The worker's month (`YYYY-MM`, the tenant's calendar) across your employers: per
        employer and currency, days worked, gross, IIT withheld, net, and how much of the
        net is paid out or on its way; totals; and the year to date. The current month is
        reported as far as it has gone (`complete: false`).
        """
        return service.worker_statement(ctx.session, worker_id=worker_id, month=month)


@blp.route("/employers/<id(emp):employer_id>/statements/<month>", parameters=[MONTH_PARAMETER])
class EmployerStatement(MethodView):
    @blp.operation("get_employer_statement", scopes=READ, errors=[NotFound, ValidationFailed])
    @blp.response(200, EmployerStatementSchema)
    def get(self, employer_id: str, month: str, ctx: RequestContext) -> Any:
        """Get an employer's monthly statement

        The employer's month per currency, read from the ledger: escrow (available and held)
        at the opening and closing instants, deposits, refunds, and what the releases paid
        (wages net to workers, tax withheld, platform fees, insurance premiums), with the
        month's payslips beside them. `reconciled` when the ledger adds up to the fen and
        the releases equal the payslips'.
        """
        return service.employer_statement(ctx.session, employer_id=employer_id, month=month)
