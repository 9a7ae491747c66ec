"""Insurance: products, per-day policies and claims. Scopes: `insurance:read`,
`insurance:write`.

Every POST that holds, charges or refunds a premium requires an `Idempotency-Key`.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.errors import InvalidState, NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import PageQuerySchema, page_schema
from app.escrow.errors import InsufficientEscrowBalance
from app.insurance import service
from app.insurance.claim_schemas import (
    ClaimCreateSchema,
    ClaimEvidenceSchema,
    ClaimQuerySchema,
    ClaimReviewSchema,
    ClaimSchema,
)
from app.insurance.errors import (
    ClaimAboveSumInsured,
    NotCovered,
    NotInsurable,
    PolicyNotCancellable,
    PolicyOverlaps,
    UnknownInsurer,
)
from app.insurance.schemas import (
    PolicyCreateSchema,
    PolicyQuerySchema,
    PolicySchema,
    ProductCreateSchema,
    ProductSchema,
    ProductUpdateSchema,
    ProductVersionListSchema,
)
from app.parties.errors import PayoutAccountMissing

blp = Blueprint(
    "insurance", __name__, url_prefix="/v1/insurance", description="Per-day accident cover."
)
READ, WRITE = ["insurance:read"], ["insurance:write"]


@blp.route("/products")
class Products(MethodView):
    @blp.operation("list_insurance_products", scopes=READ)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_schema(ProductSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List insurance products"""
        return service.list_products(ctx.session, **query)

    @blp.operation("create_insurance_product", scopes=WRITE, errors=[UnknownInsurer])
    @blp.arguments(ProductCreateSchema)
    @blp.response(201, ProductSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create an insurance product

        An insurer's daily accident cover as this tenant sells it: the premium per covered
        day, the coverages with their sums insured, the ages covered (on each covered day,
        from the worker's ID-card birth date) and the job categories excluded. Version 1.
        """
        product = service.create_product(ctx.session, actor=ctx.actor, **data)
        return service.view(ctx.session, product)


@blp.route("/products/<id(prd):product_id>")
class ProductById(MethodView):
    @blp.operation("get_insurance_product", scopes=READ, errors=[NotFound])
    @blp.response(200, ProductSchema)
    def get(self, product_id: str, ctx: RequestContext) -> Any:
        """Get an insurance product

        Its current version's terms.
        """
        return service.view(ctx.session, service.get_product(ctx.session, product_id))


@blp.route("/products/<id(prd):product_id>/versions")
class ProductVersions(MethodView):
    @blp.operation("list_insurance_product_versions", scopes=READ, errors=[NotFound])
    @blp.response(200, ProductVersionListSchema)
    def get(self, product_id: str, ctx: RequestContext) -> Any:
        """List a product's versions

        Every version of its terms, oldest first; a policy names the one it was sold under.
        """
        return {"data": service.list_versions(ctx.session, product_id=product_id)}

    @blp.operation("create_insurance_product_version", scopes=WRITE, errors=[NotFound])
    @blp.arguments(ProductUpdateSchema)
    @blp.response(201, ProductSchema)
    def post(self, data: dict[str, Any], product_id: str, ctx: RequestContext) -> Any:
        """Change a product's terms

        Writes the next version, which new policies are sold under; policies already sold
        keep theirs.
        """
        product = service.update_product(
            ctx.session, actor=ctx.actor, product_id=product_id, **data
        )
        return service.view(ctx.session, product)


@blp.route("/policies")
class Policies(MethodView):
    @blp.operation("list_insurance_policies", scopes=READ)
    @blp.arguments(PolicyQuerySchema, location="query")
    @blp.response(200, page_schema(PolicySchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List insurance policies"""
        return service.list_policies(ctx.session, **query)

    @blp.operation(
        "create_insurance_policy",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, InsufficientEscrowBalance, PolicyOverlaps, NotInsurable],
    )
    @blp.arguments(PolicyCreateSchema)
    @blp.response(201, PolicySchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Buy a policy

        Cover for one worker on one or more days (today or later), paid by the employer from
        escrow: each day's premium is held now (402 and nothing written without enough
        available escrow) and charged when the day's cover starts, at 00:00 in the tenant's
        time zone (from now, for today). To start cover at the clock-in instead, give the
        engagement an `insurance_product_id`.
        """
        return service.buy_policy(ctx.session, actor=ctx.actor, **data)


@blp.route("/policies/<id(pol):policy_id>")
class PolicyById(MethodView):
    @blp.operation("get_insurance_policy", scopes=READ, errors=[NotFound])
    @blp.response(200, PolicySchema)
    def get(self, policy_id: str, ctx: RequestContext) -> Any:
        """Get an insurance policy"""
        return service.get_policy(ctx.session, policy_id)


@blp.route("/policies/<id(pol):policy_id>/cancel")
class PolicyCancel(MethodView):
    @blp.operation(
        "cancel_insurance_policy",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, PolicyNotCancellable],
    )
    @blp.response(200, PolicySchema)
    def post(self, policy_id: str, ctx: RequestContext) -> Any:
        """Cancel a policy

        Every day whose cover has not started is cancelled and its premium refunded in full
        to available escrow; a day whose cover started is not refundable and runs to 24:00.
        409 `policy_not_cancellable` when nothing is left to cancel.
        """
        return service.cancel_policy(ctx.session, actor=ctx.actor, policy_id=policy_id)


@blp.route("/claims")
class Claims(MethodView):
    @blp.operation("list_insurance_claims", scopes=READ)
    @blp.arguments(ClaimQuerySchema, location="query")
    @blp.response(200, page_schema(ClaimSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List insurance claims"""
        return service.list_claims(ctx.session, **query)

    @blp.operation(
        "create_insurance_claim",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, NotCovered, ClaimAboveSumInsured],
    )
    @blp.arguments(ClaimCreateSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Submit a claim

        An incident on a covered day: it must fall inside a cover window that started
        (`cover_starts_at <= incident_at < cover_ends_at` of a day `active` or `expired`),
        else 422 `not_covered` with the nearest window in `nearest_window`; the amount at
        most what the covered day's other claims on that coverage (unless rejected) left of
        its sum insured (422 `claim_above_sum_insured`). Attachments are
        metadata only (name, type, size, SHA-256): the files are stored elsewhere. The
        evidence pack (shift times and places, contract hash and seal, policy, cover
        window, payslip, events) is frozen with its SHA-256 now; the insurer is told after
        commit.
        """
        return service.create_claim(ctx.session, actor=ctx.actor, **data)


@blp.route("/claims/<id(clm):claim_id>")
class ClaimById(MethodView):
    @blp.operation("get_insurance_claim", scopes=READ, errors=[NotFound])
    @blp.response(200, ClaimSchema)
    def get(self, claim_id: str, ctx: RequestContext) -> Any:
        """Get an insurance claim"""
        return service.get_claim(ctx.session, claim_id)


@blp.route("/claims/<id(clm):claim_id>/review")
class ClaimReview(MethodView):
    @blp.operation(
        "review_insurance_claim",
        scopes=WRITE,
        idempotency_key="required",
        errors=[NotFound, InvalidState, PayoutAccountMissing],
    )
    @blp.arguments(ClaimReviewSchema)
    @blp.response(200, ClaimSchema)
    def post(self, data: dict[str, Any], claim_id: str, ctx: RequestContext) -> Any:
        """Review a claim

        `start_review` (a submitted claim), then `approve` (optionally less than claimed,
        `amount_approved`) or `reject` (with a `reason`); 409 `invalid_state` otherwise. An
        approved claim is paid to the worker once its insurer has it: the insurer's
        settlement is booked and a payout created (`claim.paid`, status `paid`).
        """
        return service.review_claim(ctx.session, actor=ctx.actor, claim_id=claim_id, **data)


@blp.route("/claims/<id(clm):claim_id>/evidence")
class ClaimEvidence(MethodView):
    @blp.operation("get_insurance_claim_evidence", scopes=READ, errors=[NotFound])
    @blp.response(200, ClaimEvidenceSchema)
    def get(self, claim_id: str, ctx: RequestContext) -> Any:
        """Get a claim's evidence pack

        Frozen at submission: `sha256` is the SHA-256 of the pack's canonical JSON (sorted
        keys, no spaces, UTF-8), so anyone holding the pack can check it.
        """
        return service.get_evidence(ctx.session, claim_id)
