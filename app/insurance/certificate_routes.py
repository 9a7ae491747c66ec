"""A policy's certificate of insurance (PDF). Scope: `insurance:read`. On a blueprint of its
own (tagged `insurance`, beside the insurance JSON routes)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.documents import pdf_answer, pdf_responses
from app.core.errors import NotFound, TooManyConcurrentRequests
from app.core.operation import Blueprint, RequestContext
from app.core.schemas import DocumentQuerySchema
from app.insurance import certificate

blp = Blueprint(
    "insurance_certificates",
    __name__,
    url_prefix="/v1/insurance",
    description="Certificates of insurance as PDF documents.",
)
READ = ["insurance:read"]


@blp.route("/policies/<id(pol):policy_id>/certificate", tags=["insurance"])
class PolicyCertificate(MethodView):
    @blp.operation(
        "get_insurance_policy_certificate",
        scopes=READ,
        errors=[NotFound, TooManyConcurrentRequests],
    )
    @blp.arguments(DocumentQuerySchema, location="query")
    @blp.doc(responses=pdf_responses("The PDF: one A5 page (a long policy flows onto more)"))
    def get(self, query: dict[str, Any], policy_id: str, ctx: RequestContext) -> Any:
        """Get a policy's certificate of insurance

        A PDF on A5 in Chinese or English (`locale`; default the tenant's): the policy and
        the insurer's policy number ("pending" until the insurer confirms), the insured
        worker (masked ID card), the employer, the product and version, the sums insured,
        the daily premium, and each covered day's cover window to the second in the
        tenant's time zone ("starts at clock-in" for a day not started, cancelled days as
        cancelled), with the SHA-256 of the content it shows, also sent as the
        `Gigkit-Content-SHA256` header. Rendered on each request (the certificate changes
        as days start); the same policy state gives the same bytes.
        """
        found = certificate.certificate(ctx.session, policy_id=policy_id, **query)
        return pdf_answer(found.pdf, f"{policy_id}-{found.locale}.pdf", found.content_sha256)
