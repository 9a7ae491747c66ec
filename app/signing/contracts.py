"""Contracts: creating (rendered from a pinned template version), reading, locking,
sending (the document is frozen) and rescinding them; the contract events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import InvalidState, NotFound, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.parties import service as parties
from app.signing import documents, evidence, templates
from app.signing.audit import append_audit
from app.signing.documents import Party
from app.signing.errors import DocumentTooLarge, invalid
from app.signing.models import Contract, ContractSigner, ContractTemplate
from app.signing.schemas import ContractSchema
from app.tenants import service as tenants

for _type, _doc in [
    ("contract.sent", "A contract was sent for signing; its document is frozen."),
    ("contract.signed", "A signer signed (`data.signer_id`); others may still have to."),
    (
        "contract.completed",
        "Every signer signed; the contract is sealed. Its PDF follows (`contract.document.ready`).",
    ),
    ("contract.declined", "A signer declined; the contract is closed."),
    ("contract.voided", "The sender voided the contract before it was completed."),
    ("contract.expired", "The signing deadline (`sign_by`) passed before everyone signed."),
    ("contract.rescinded", "A completed contract was undone by a completed rescission."),
]:
    events.declare(_type, f"{_doc} `data.object`: the contract.")

SYSTEM = Actor("system", None)
OPEN = ("sent", "partially_signed")
HOSTED, API_METHODS = evidence.HOSTED_METHOD, evidence.API_METHODS
HOSTED_ACTOR = "signing_link"  # the actor of a signature made on the hosted page
MAX_SIGNERS = 50
_view = ContractSchema(exclude=("document",))  # events stay small: no document text


def create_contract(
    session: Session,
    *,
    actor: Actor,
    template_id: str,
    signers: list[dict[str, Any]],
    variables: dict[str, Any] | None = None,
    title: str | None = None,
    sign_by: dt.datetime | None = None,
    metadata: dict[str, Any] | None = None,
) -> Contract:
    """A draft rendered from the template version with these variables and signers."""
    template = templates.get_template(session, template_id)
    return _create(
        session,
        actor=actor,
        template=template,
        signers=signers,
        variables=variables or {},
        title=title,
        sign_by=sign_by,
        metadata=metadata or {},
    )


def _create(
    session: Session,
    *,
    actor: Actor,
    template: ContractTemplate,
    signers: list[dict[str, Any]],
    variables: dict[str, Any],
    title: str | None,
    sign_by: dt.datetime | None,
    metadata: dict[str, Any],
    rescinds_id: str | None = None,
) -> Contract:
    problems = documents.value_problems(template.placeholders, variables)
    resolved, signer_problems = _resolve_signers(session, signers)
    problems += signer_problems
    first_of: dict[str, Party] = {}
    for party in resolved:
        first_of.setdefault(party.type, party)
    for kind in sorted(documents.party_kinds(template.placeholders) - set(first_of)):
        problems.append(("signers", f"The template needs a {kind} among the signers."))
    if sign_by is not None and sign_by <= clock.now(session):
        problems.append(("sign_by", "Must be in the future."))
    if problems:
        raise invalid(problems)
    tenant = tenants.get_current(session)
    document = documents.render(
        template.body,
        template.placeholders,
        variables,
        first_of,
        locale=template.locale,
        currency=tenant.currency,
    )
    if (problem := documents.size_problem(document)) is not None:
        raise DocumentTooLarge(problem, errors=[field_error("variables", problem)])
    contract = Contract(
        id=new_id("ctr"),
        template_id=template.id,
        title=title or template.name,
        locale=template.locale,
        variables=variables,
        status="draft",
        document=document,
        sign_by=sign_by,
        rescinds_id=rescinds_id,
        chain_hash="",
        metadata_=metadata,
    )
    contract.chain_hash = evidence.genesis(contract.id)
    session.add(contract)
    for item, party in zip(signers, resolved, strict=True):
        session.add(
            ContractSigner(
                id=new_id("sgn"),
                contract_id=contract.id,
                party_type=party.type,
                party_id=item["party_id"],
                name=party.name,
                role=item["role"],
                order=item.get("order", 1),
                status="pending",
            )
        )
    session.flush()
    append_audit(
        session,
        contract,
        "created",
        actor,
        {
            "template_id": template.id,
            "template_version": template.version,
            "signers": [  # who, as printed: the seal covers them through the chain
                {
                    "party_id": s["party_id"],
                    "name": party.name,
                    "role": s["role"],
                    "order": s.get("order", 1),
                }
                for s, party in zip(signers, resolved, strict=True)
            ],
        },
    )
    return contract


def _resolve_signers(
    session: Session, signers: list[dict[str, Any]]
) -> tuple[list[Party], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if not signers:
        return [], [("signers", "At least one signer.")]
    if len(signers) > MAX_SIGNERS:
        return [], [("signers", f"At most {MAX_SIGNERS} signers.")]
    resolved, seen = [], set()
    for i, item in enumerate(signers):
        party_id = item["party_id"]
        if party_id in seen:
            problems.append((f"signers.{i}.party_id", "This party is already a signer."))
        seen.add(party_id)
        try:
            resolved.append(_party(session, party_id))
        except NotFound:
            problems.append((f"signers.{i}.party_id", f"No such worker or employer {party_id!r}."))
            resolved.append(Party("worker", ""))
    return resolved, problems


def _party(session: Session, party_id: str) -> Party:
    if party_id.startswith("wkr_"):
        worker = parties.get_worker(session, party_id)
        return Party("worker", worker.name, worker.mobile, worker.id_card_masked)
    employer = parties.get_employer(session, party_id)
    return Party("employer", employer.name, credit_code=employer.credit_code)


def get_contract(session: Session, contract_id: str) -> Contract:
    found = session.scalars(select(Contract).where(Contract.id == contract_id)).one_or_none()
    if found is None:
        raise NotFound("No such contract.")
    return found


def list_contracts(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    status: str | None = None,
    party_id: str | None = None,
) -> Page[Contract]:
    stmt = select(Contract)
    if status:
        stmt = stmt.where(Contract.status == status)
    if party_id:
        stmt = stmt.where(
            Contract.id.in_(
                select(ContractSigner.contract_id).where(ContractSigner.party_id == party_id)
            )
        )
    return paginate(session, stmt, Contract, limit=limit, cursor=cursor)


def lock_contract(session: Session, contract_id: str) -> Contract:
    found = session.scalars(
        select(Contract)
        .where(Contract.id == contract_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such contract.")
    return found


def lock_open(session: Session, contract_id: str) -> Contract:
    """The contract, locked, if it can still be signed. Past `sign_by` it cannot, even
    before the periodic job has marked it `expired` (this request's refusal rolls back, so
    it cannot do that itself)."""
    contract = lock_contract(session, contract_id)
    if (
        contract.status in OPEN
        and contract.sign_by is not None
        and contract.sign_by <= clock.now(session)
    ):
        raise InvalidState("The signing deadline has passed; the contract is expiring.")
    if contract.status == "draft":
        raise InvalidState("The contract is a draft: send it first.")
    if contract.status not in OPEN:
        raise InvalidState(f"The contract is {contract.status}.")
    return contract


def send(session: Session, *, actor: Actor, contract_id: str) -> Contract:
    """`draft -> sent`: the document is frozen and its SHA-256 recorded."""
    contract = lock_contract(session, contract_id)
    if contract.status != "draft":
        raise InvalidState(f"Only a draft can be sent; the contract is {contract.status}.")
    if contract.sign_by is not None and contract.sign_by <= clock.now(session):
        raise InvalidState("`sign_by` has passed: void this draft and create another.")
    contract.document_sha256 = evidence.sha256_hex(contract.document)
    contract.status, contract.sent_at = "sent", clock.now(session)
    append_audit(session, contract, "sent", actor, {"document_sha256": contract.document_sha256})
    contract_event(session, actor, "contract.sent", contract)
    return contract


def rescind(session: Session, *, actor: Actor, contract_id: str, reason: str) -> Contract:
    """Start undoing a completed contract: a rescission agreement between the same signers,
    sent at once. The original becomes `rescinded` when the agreement is completed."""
    original = lock_contract(session, contract_id)
    if original.status != "completed":
        raise InvalidState(f"Only a completed contract can be rescinded; it is {original.status}.")
    if original.rescinds_id is not None:
        raise InvalidState("A rescission agreement cannot itself be rescinded.")
    pending = session.scalars(
        select(Contract.id).where(Contract.rescinds_id == original.id, Contract.status.in_(OPEN))
    ).first()
    if pending is not None:
        raise InvalidState(f"A rescission is already under way: {pending}.")
    templates.ensure_builtins(session)
    builtin = documents.RESCISSION.get(original.locale, documents.RESCISSION_EN)
    template = session.scalars(
        select(ContractTemplate).where(
            ContractTemplate.key == builtin.key, ContractTemplate.version == 1
        )
    ).one()
    agreement = _create(
        session,
        actor=actor,
        template=template,
        signers=[
            {"party_id": s.party_id, "role": s.role, "order": s.order} for s in original.signers
        ],
        variables={
            "original_contract": original.id,
            "original_title": original.title,
            "original_sha256": original.document_sha256,
            "reason": reason,
        },
        title=f"{template.name}: {original.title}"[:200],
        sign_by=None,
        metadata={},
        rescinds_id=original.id,
    )
    append_audit(session, original, "rescission_started", actor, {"rescission_id": agreement.id})
    return send(session, actor=actor, contract_id=agreement.id)


def rescind_original(session: Session, actor: Actor, agreement: Contract) -> None:
    assert agreement.rescinds_id is not None
    original = lock_contract(session, agreement.rescinds_id)
    original.status, original.rescinded_at = "rescinded", clock.now(session)
    original.rescinded_by_id = agreement.id
    append_audit(session, original, "rescinded", actor, {"rescission_id": agreement.id})
    contract_event(session, actor, "contract.rescinded", original)


def contract_event(
    session: Session, actor: Actor, type: str, contract: Contract, **extra: Any
) -> None:
    session.flush()
    events.record(
        session,
        type=type,
        data={"object": _view.dump(contract), **extra},
        request_id=actor.request_id,
    )
