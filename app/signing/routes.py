"""Contract templates, contracts, the signing ceremony and evidence.
Scopes: `contracts:read`, `contracts:write`."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from app.core.errors import Conflict, InvalidState, NotFound, TooManyConcurrentRequests
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import page_schema
from app.signing import links, renderings, service
from app.signing.errors import (
    AlreadySigned,
    DocumentTooLarge,
    DocumentUnavailable,
    NotSignersTurn,
    TooManyRenderings,
)
from app.signing.schemas import (
    ContractCreateSchema,
    ContractDeclineSchema,
    ContractDocumentStatusSchema,
    ContractQuerySchema,
    ContractReasonSchema,
    ContractSchema,
    ContractSignatureSchema,
    SigningLinkCreateSchema,
    SigningLinkIssuedSchema,
    SigningLinkListSchema,
)
from app.signing.template_schemas import (
    ContractTemplateCreateSchema,
    ContractTemplateQuerySchema,
    ContractTemplateSchema,
)
from app.signing.verification_schemas import (
    AuditTrailSchema,
    ContractVerificationSchema,
    ContractVerifyRequestSchema,
    SigningKeyListSchema,
)

blp = Blueprint(
    "signing",
    __name__,
    url_prefix="/v1",
    description="Contract templates, contracts, signatures, sealed PDFs and verification.",
)
READ, WRITE = ["contracts:read"], ["contracts:write"]
PDF_RESPONSE = {
    "200": {
        "description": "The PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@blp.route("/contract-templates")
class Templates(MethodView):
    @blp.operation("list_contract_templates", scopes=READ)
    @blp.arguments(ContractTemplateQuerySchema, location="query")
    @blp.response(200, page_schema(ContractTemplateSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List contract templates

        Newest first: yours and the built-in ones (`gig_work_zh` 零工劳务协议,
        `gig_work_en`, and the rescission agreements). Filter by `key` for its versions.
        """
        return service.list_templates(ctx.session, **query)

    @blp.operation("create_contract_template", scopes=WRITE, errors=[Conflict])
    @blp.arguments(ContractTemplateCreateSchema)
    @blp.response(201, ContractTemplateSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create a contract template (or a new version)

        `body` holds `{{name}}` placeholders, each declared once in `placeholders` with a
        type. A `key` you used before makes the next version; versions never change, and a
        contract keeps the version it was made from.
        """
        return service.create_template(ctx.session, actor=ctx.actor, **data)


@blp.route("/contract-templates/<id(tpl):template_id>")
class TemplateById(MethodView):
    @blp.operation("get_contract_template", scopes=READ, errors=[NotFound])
    @blp.response(200, ContractTemplateSchema)
    def get(self, template_id: str, ctx: RequestContext) -> Any:
        """Get a contract template"""
        return service.get_template(ctx.session, template_id)


@blp.route("/contracts")
class Contracts(MethodView):
    @blp.operation("list_contracts", scopes=READ)
    @blp.arguments(ContractQuerySchema, location="query")
    @blp.response(200, page_schema(ContractSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List contracts

        Newest first. Filter by `status` or by a signer's `party_id`.
        """
        return service.list_contracts(ctx.session, **query)

    @blp.operation("create_contract", scopes=WRITE, errors=[NotFound, DocumentTooLarge])
    @blp.arguments(ContractCreateSchema)
    @blp.response(201, ContractSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create a contract

        A draft rendered from the template with `variables` (one per value placeholder)
        and `signers` (workers or employers; same `order` signs in parallel). Party
        placeholders are filled from the first signer of that kind. Send it to sign.
        """
        return service.create_contract(ctx.session, actor=ctx.actor, **data)


@blp.route("/contracts/<id(ctr):contract_id>")
class ContractById(MethodView):
    @blp.operation("get_contract", scopes=READ, errors=[NotFound])
    @blp.response(200, ContractSchema)
    def get(self, contract_id: str, ctx: RequestContext) -> Any:
        """Get a contract"""
        return service.get_contract(ctx.session, contract_id)


@blp.route("/contracts/<id(ctr):contract_id>/send")
class ContractSend(MethodView):
    @blp.operation("send_contract", scopes=WRITE, errors=[NotFound, InvalidState])
    @blp.response(200, ContractSchema)
    def post(self, contract_id: str, ctx: RequestContext) -> Any:
        """Send a contract for signing

        `draft -> sent`. The document is frozen: its SHA-256 is recorded and nothing can
        change it any more.
        """
        return service.send(ctx.session, actor=ctx.actor, contract_id=contract_id)


@blp.route("/contracts/<id(ctr):contract_id>/signatures")
class ContractSignatures(MethodView):
    @blp.operation(
        "sign_contract",
        scopes=WRITE,
        errors=[NotFound, InvalidState, AlreadySigned, NotSignersTurn],
    )
    @blp.arguments(ContractSignatureSchema)
    @blp.response(201, ContractSchema)
    def post(self, data: dict[str, Any], contract_id: str, ctx: RequestContext) -> Any:
        """Sign for a signer

        For the signer whose turn it is (the lowest `order` with someone still to sign),
        with the consent evidence. Out of turn: 409 `not_signers_turn`; twice: 409
        `already_signed`; on a closed contract: 409 `invalid_state`. The last signature
        completes the contract: it is sealed at once, and its PDF made by a job just after
        (`pdf_sha256` is null until then; `contract.document.ready` says when).
        """
        return service.sign(
            ctx.session,
            actor=ctx.actor,
            contract_id=contract_id,
            signer_id=data["signer_id"],
            consent=service.Consent(**data["consent"]),
        )


@blp.route("/contracts/<id(ctr):contract_id>/signing-links")
class ContractSigningLinks(MethodView):
    @blp.operation("create_signing_link", scopes=WRITE, errors=[NotFound, InvalidState])
    @blp.arguments(SigningLinkCreateSchema)
    @blp.response(201, SigningLinkIssuedSchema)
    def post(self, data: dict[str, Any], contract_id: str, ctx: RequestContext) -> Any:
        """Create a signing link

        A short-lived `url` to the hosted signing page for one signer, and the one-time
        `code` they confirm with there; both are shown only in this answer, with
        `expires_at`. Send the code by another channel than the URL. A signer has one
        usable link at a time: a new one revokes the signer's earlier links. When a link
        can no longer be used, `contract.signing_link.expired` says so (with the reason).
        """
        return links.create(ctx.session, actor=ctx.actor, contract_id=contract_id, **data)

    @blp.operation("list_signing_links", scopes=READ, errors=[NotFound])
    @blp.response(200, SigningLinkListSchema)
    def get(self, contract_id: str, ctx: RequestContext) -> Any:
        """List a contract's signing links

        Newest first, each with its `status` (active, used, expired, locked, revoked,
        contract_closed) and `expires_at`; never the URL or the code.
        """
        return {"data": links.list_links(ctx.session, contract_id)}


@blp.route("/contracts/<id(ctr):contract_id>/decline")
class ContractDecline(MethodView):
    @blp.operation("decline_contract", scopes=WRITE, errors=[NotFound, InvalidState])
    @blp.arguments(ContractDeclineSchema)
    @blp.response(200, ContractSchema)
    def post(self, data: dict[str, Any], contract_id: str, ctx: RequestContext) -> Any:
        """Decline for a signer

        A signer who has not signed refuses, with a reason: the contract is `declined`.
        """
        return service.decline(ctx.session, actor=ctx.actor, contract_id=contract_id, **data)


@blp.route("/contracts/<id(ctr):contract_id>/void")
class ContractVoid(MethodView):
    @blp.operation("void_contract", scopes=WRITE, errors=[NotFound, InvalidState])
    @blp.arguments(ContractReasonSchema)
    @blp.response(200, ContractSchema)
    def post(self, data: dict[str, Any], contract_id: str, ctx: RequestContext) -> Any:
        """Void a contract

        Before it is completed, with a reason. A completed contract is rescinded instead.
        """
        return service.void(ctx.session, actor=ctx.actor, contract_id=contract_id, **data)


@blp.route("/contracts/<id(ctr):contract_id>/rescind")
class ContractRescind(MethodView):
    @blp.operation(
        "rescind_contract", scopes=WRITE, errors=[NotFound, InvalidState, DocumentTooLarge]
    )
    @blp.arguments(ContractReasonSchema)
    @blp.response(201, ContractSchema)
    def post(self, data: dict[str, Any], contract_id: str, ctx: RequestContext) -> Any:
        """Rescind a completed contract

        Creates and sends a rescission agreement between the same signers (answered here).
        When they have all signed it, the original becomes `rescinded`.
        """
        return service.rescind(ctx.session, actor=ctx.actor, contract_id=contract_id, **data)


@blp.route("/contracts/<id(ctr):contract_id>/audit-trail")
class ContractAuditTrail(MethodView):
    @blp.operation("get_contract_audit_trail", scopes=READ, errors=[NotFound])
    @blp.response(200, AuditTrailSchema)
    def get(self, contract_id: str, ctx: RequestContext) -> Any:
        """Get a contract's audit trail

        Every step, oldest first, each hashing the one before; `intact` says whether every
        hash still recomputes.
        """
        entries, intact = service.audit_trail(ctx.session, contract_id)
        return {"data": entries, "intact": intact}


@blp.route("/contracts/<id(ctr):contract_id>/document")
class ContractDocument(MethodView):
    @blp.operation(
        "get_contract_document",
        scopes=READ,
        errors=[NotFound, TooManyConcurrentRequests, TooManyRenderings, DocumentUnavailable],
    )
    @blp.doc(responses=PDF_RESPONSE)
    @blp.alt_response(
        202,
        schema=ContractDocumentStatusSchema,
        description="Being made: ask again after `Retry-After` seconds",
        headers={"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}},
    )
    def get(self, contract_id: str, ctx: RequestContext) -> Any:
        """Get a contract's PDF

        The sealed PDF, with its certificate page, once completed; before that a preview
        of the contract as it stands, marked as such. PDFs are made in the background: until
        this one is ready the answer is 202 with `Retry-After` (seconds) — ask again then.
        A completed contract's PDF is made by a job soon after completion
        (`contract.document.ready` says when). 429 `too_many_renderings` when 50 of your
        previews are already being made.
        """
        answer = renderings.document(ctx.session, contract_id)
        if answer.pdf is None:
            body = ContractDocumentStatusSchema().dump(answer)
            return body, 202, {"Retry-After": str(answer.retry_after)}
        return Response(
            answer.pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{contract_id}.pdf"'},
        )


@blp.route("/contracts/verify")
class ContractVerify(MethodView):
    @blp.operation("verify_contract", scopes=READ)
    @blp.arguments(ContractVerifyRequestSchema)
    @blp.response(200, ContractVerificationSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Verify a contract PDF or hash

        Is this PDF (base64) or SHA-256 one of your contracts, sealed by us, with its
        document, audit chain and seal intact? An unknown file answers `valid: false`.
        """
        return service.verify(ctx.session, **data)


@blp.route("/signing/keys")
class SigningKeys(MethodView):
    @blp.operation("list_signing_keys", public=True)
    @blp.response(200, SigningKeyListSchema)
    def get(self, ctx: RequestContext) -> Any:
        """List the platform's seal keys

        The Ed25519 public keys that seal completed contracts, for anyone to check a seal:
        the signature is over `gigkit-seal-v1\\n` + the canonical JSON of `contract_id`,
        `tenant_id`, `document_sha256`, `chain_hash`, `completed_at`. `active` seals now;
        `verify_only` is an earlier key (kept as a seed, or retired to its public key), which
        still verifies. Saved as a file, this answer is what `gigkit contracts verify-pdf
        --keys` and `gigkit_sdk.verify_sealed_pdf` take to check a sealed PDF offline. No
        credential needed.
        """
        return {"data": service.public_keys(ctx.session)}
