"""Exports of payslips: the CSV of a date range and the monthly withholding report.

Their own blueprint (the payslips' other routes live in `routes.py`), tagged `payslips` so
that the SDK files them under `api.payslips`."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from app.core.errors import ValidationFailed
from app.core.operation import Blueprint, RequestContext
from app.payslips import exports
from app.payslips.export_schemas import (
    MONTH_PARAMETER,
    PAYSLIP_CSV,
    WITHHOLDING_CSV,
    PayslipExportQuerySchema,
    WithholdingReportSchema,
)

blp = Blueprint(
    "payslip_exports",
    __name__,
    url_prefix="/v1",
    description="Payslip exports (CSV) and the monthly withholding report.",
)
READ = ["payslips:read"]
TAGS = ["payslips"]


def _csv(body: Any, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blp.route("/payslips/export", tags=TAGS)
class PayslipExport(MethodView):
    @blp.operation("export_payslips", scopes=READ)
    @blp.arguments(PayslipExportQuerySchema, location="query")
    @blp.doc(responses=PAYSLIP_CSV)
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """Export payslips as CSV

        Every payslip paid (`paid_on`, the tenant's calendar) from `from` to `to`, both
        included, corrections too (`corrects_id` names the payslip each one replaces),
        ordered by `paid_on` then `id`. UTF-8 with a byte-order mark, amounts in major
        units (`280.00`). Streamed: any range up to 366 days, in bounded memory. 422
        `validation_error` on `from` or `to` for a malformed date, `to` before `from` or a
        range of more than 366 days.
        """
        first, last = query["first"], query["last"]
        body = exports.export_payslips(ctx.session, first=first, last=last)
        return _csv(body, f"payslips_{first.isoformat()}_{last.isoformat()}.csv")


@blp.route("/reports/withholding/<month>", tags=TAGS, parameters=[MONTH_PARAMETER])
class WithholdingReport(MethodView):
    @blp.operation("get_withholding_report", scopes=READ, errors=[ValidationFailed])
    @blp.response(200, WithholdingReportSchema)
    def get(self, month: str, ctx: RequestContext) -> Any:
        """Get the monthly withholding report

        For the month's IIT filing, per worker and currency: income (gross) and tax
        withheld, in minor units, and how many payslips. Only payslips in force count: a
        corrected payslip gives way to its correction, which counts in the month it was
        paid. 422 `validation_error` on `month` for a malformed month (`2026-13`) or one
        that has not begun in the tenant's time zone. The same as CSV:
        `GET /v1/reports/withholding/{month}/export`.
        """
        return exports.withholding_report(ctx.session, month=month)


@blp.route("/reports/withholding/<month>/export", tags=TAGS, parameters=[MONTH_PARAMETER])
class WithholdingReportExport(MethodView):
    @blp.operation("export_withholding_report", scopes=READ, errors=[ValidationFailed])
    @blp.doc(responses=WITHHOLDING_CSV)
    def get(self, month: str, ctx: RequestContext) -> Any:
        """Export the monthly withholding report as CSV

        The withholding report of `month` (see `get_withholding_report`) as CSV: UTF-8
        with a byte-order mark, amounts in major units (`280.00`), one row per worker and
        currency.
        """
        report = exports.withholding_report(ctx.session, month=month)
        return _csv(exports.withholding_csv(report), f"withholding_{month}.csv")
