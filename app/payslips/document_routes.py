"""A payslip's PDF. Scope: `payslips:read`. On a blueprint of its own (tagged `payslips`,
beside the payslips' JSON routes)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from app.core.errors import NotFound, TooManyConcurrentRequests
from app.core.operation import Blueprint, RequestContext
from app.payslips import documents
from app.payslips.document_schemas import PayslipDocumentQuerySchema

blp = Blueprint(
    "payslip_documents", __name__, url_prefix="/v1", description="Payslips as PDF documents."
)
READ = ["payslips:read"]
PDF_RESPONSE = {
    "200": {
        "description": "The PDF: one A5 page",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            documents.HASH_HEADER: {
                "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "description": "SHA-256 (hex) of the payslip's canonical content, as printed "
                "on the page",
            }
        },
    }
}


@blp.route("/payslips/<id(pys):payslip_id>/document", tags=["payslips"])
class PayslipDocument(MethodView):
    @blp.operation(
        "get_payslip_document", scopes=READ, errors=[NotFound, TooManyConcurrentRequests]
    )
    @blp.arguments(PayslipDocumentQuerySchema, location="query")
    @blp.doc(responses=PDF_RESPONSE)
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
        return Response(
            found.pdf,
            mimetype="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{payslip_id}-{found.locale}.pdf"',
                documents.HASH_HEADER: found.content_sha256,
            },
        )
