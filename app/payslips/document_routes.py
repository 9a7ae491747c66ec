"""A payslip's PDF. Scope: `payslips:read`. On a blueprint of its own (tagged `payslips`,
beside the payslips' JSON routes)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.documents import pdf_answer, pdf_responses
from app.core.errors import NotFound, TooManyConcurrentRequests, ValidationFailed
from app.core.operation import Blueprint, RequestContext
from app.core.schemas import DocumentQuerySchema
from app.payslips import documents, statement_pdf
from app.payslips.export_schemas import MONTH_PARAMETER

blp = Blueprint(
    "payslip_documents", __name__, url_prefix="/v1", description="Payslips as PDF documents."
)
READ = ["payslips:read"]


@blp.route("/payslips/<id(pys):payslip_id>/document", tags=["payslips"])
class PayslipDocument(MethodView):
    @blp.operation(
        "get_payslip_document", scopes=READ, errors=[NotFound, TooManyConcurrentRequests]
    )
    @blp.arguments(DocumentQuerySchema, location="query")
    @blp.doc(responses=pdf_responses("The PDF: one A5 page"))
    def get(self, query: dict[str, Any], payslip_id: str, ctx: RequestContext) -> Any:
        """Get a payslip's PDF

        One A5 page in Chinese or English (`locale`; default the tenant's): the worker and
        employer, the day and clock times, the basis of pay with its formula and rounding,
        the gross, each deduction with the rule, version and figures that produced it, the
        net, what the employer paid on top, the payout id, and the SHA-256 of the content the
        page shows, also sent as the `Gigkit-Content-SHA256` header. Rendered on the first
        request (tens of milliseconds) and stored: every later request gets the same bytes.
        """
        found = documents.document(ctx.session, payslip_id=payslip_id, **query)
        return pdf_answer(found.pdf, f"{payslip_id}-{found.locale}.pdf", found.content_sha256)


@blp.route(
    "/workers/<id(wkr):worker_id>/statements/<month>/document",
    tags=["payslips"],
    parameters=[MONTH_PARAMETER],
)
class WorkerStatementDocument(MethodView):
    @blp.operation(
        "get_worker_statement_document", scopes=READ, errors=[NotFound, ValidationFailed]
    )
    @blp.arguments(DocumentQuerySchema, location="query")
    @blp.doc(responses=pdf_responses("The PDF: the worker's month on A5"))
    def get(self, query: dict[str, Any], worker_id: str, month: str, ctx: RequestContext) -> Any:
        """Get a worker's monthly statement as PDF

        The statement of `get_worker_statement` on A5, in Chinese or English (`locale`;
        default the tenant's), with the SHA-256 of the statement's canonical JSON printed
        and sent as `Gigkit-Content-SHA256`. Rendered on each request (the current month
        changes as it goes); a closed month's is the same bytes every time.
        """
        found = statement_pdf.worker_statement_document(
            ctx.session, worker_id=worker_id, month=month, **query
        )
        return pdf_answer(
            found.pdf, f"{worker_id}-{month}-{found.locale}.pdf", found.content_sha256
        )
