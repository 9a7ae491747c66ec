"""The signing block's rules: templates, contracts and their signing ceremony, evidence.

A contract is rendered from a pinned template version when it is created, and frozen when
it is sent: its SHA-256 is recorded and nothing can change the text afterwards. Signers
sign in `order` (equal orders in parallel); a signature carries consent evidence. Every
step is appended to the contract's audit chain (see `evidence`), under the contract's row
lock, so the chain is a total order. On completion the platform seals the document hash
and the chain hash with Ed25519 and queues the PDF, which a job renders once, outside any
request or lock (`renderings`); the PDF's own hash is kept, so a copy can be checked later
(`verify`). A signature's evidence names who vouches for it: gigkit's hosted page (the
only way to record `hosted_page`) or the platform's credential.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
    field_error,
)
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.parties import service as parties
from app.signing import documents, evidence, renderings
from app.signing.documents import Party
from app.signing.errors import AlreadySigned, DocumentTooLarge, NotSignersTurn
from app.signing.models import Contract, ContractAuditEvent, ContractSigner, ContractTemplate
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


def _invalid(problems: Sequence[tuple[str, str]]) -> ValidationFailed:
    return ValidationFailed(problems[0][1], errors=[field_error(f, m) for f, m in problems])


def _actor_name(actor: Actor) -> str:
    return f"{actor.type}:{actor.id}" if actor.id else actor.type


# --- templates -----------------------------------------------------------------------------------


def ensure_builtins(session: Session) -> None:
    """Give the tenant the built-in templates (version 1 of each) if it lacks them."""
    have = set(
        session.scalars(select(ContractTemplate.key).where(ContractTemplate.builtin.is_(True)))
    )
    for builtin in documents.BUILTINS:
        if builtin.key in have:
            continue
        try:
            with session.begin_nested():  # a concurrent request may add it first
                session.add(
                    ContractTemplate(
                        id=new_id("tpl"),
                        key=builtin.key,
                        version=1,
                        name=builtin.name,
                        locale=builtin.locale,
                        body=builtin.body,
                        placeholders=[dict(p) for p in builtin.placeholders],
                        builtin=True,
                    )
                )
        except IntegrityError:
            pass


def create_template(
    session: Session,
    *,
    actor: Actor,
    key: str,
    name: str,
    locale: str,
    body: str,
    placeholders: list[dict[str, Any]],
) -> ContractTemplate:
    """A new template, or the next version of the tenant's template with this `key`."""
    ensure_builtins(session)
    problems = documents.template_problems(body, placeholders)
    if problems:
        raise _invalid(problems)
    latest = session.scalars(
        select(ContractTemplate)
        .where(ContractTemplate.key == key)
        .order_by(ContractTemplate.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.builtin:
        raise _invalid([("key", f"{key!r} is a built-in template; choose another key.")])
    template = ContractTemplate(
        id=new_id("tpl"),
        key=key,
        version=(latest.version + 1) if latest else 1,
        name=name,
        locale=locale,
        body=body,
        placeholders=placeholders,
        builtin=False,
    )
    session.add(template)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # another version was created at the same moment
        raise Conflict("A version of this template was created meanwhile; retry.") from exc
    return template


def get_template(session: Session, template_id: str) -> ContractTemplate:
    ensure_builtins(session)
    found = session.scalars(
        select(ContractTemplate).where(ContractTemplate.id == template_id)
    ).one_or_none()
    if found is None:
        raise NotFound("No such contract template.")
    return found


def list_templates(
    session: Session, *, limit: int, cursor: Position | None = None, key: str | None = None
) -> Page[ContractTemplate]:
    ensure_builtins(session)
    stmt = select(ContractTemplate)
    if key:
        stmt = stmt.where(ContractTemplate.key == key)
    return paginate(session, stmt, ContractTemplate, limit=limit, cursor=cursor)


# --- contracts -----------------------------------------------------------------------------------


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
    template = get_template(session, template_id)
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
        raise _invalid(problems)
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
    _event(session, actor, "contract.sent", contract)
    return contract


@dataclass(frozen=True)
class Consent:
    """Evidence that the signer meant to sign."""

    method: str
    verification: str
    ip: str | None = None
    user_agent: str | None = None


def sign(
    session: Session, *, actor: Actor, contract_id: str, signer_id: str, consent: Consent
) -> Contract:
    """The signer whose turn it is signs; the last signature completes and seals it."""
    contract = lock_open(session, contract_id)
    signer = signer_of(contract, signer_id)
    if signer.status == "signed":
        raise AlreadySigned()
    if signer.status != "pending":
        raise InvalidState(f"This signer has {signer.status}.")
    turn = min(s.order for s in contract.signers if s.status == "pending")
    if signer.order != turn:
        raise NotSignersTurn(f"Not this signer's turn: signers of order {turn} sign first.")
    hosted = actor.type == HOSTED_ACTOR
    if consent.method == HOSTED and not hosted:
        raise ValidationFailed(
            "`hosted_page` is recorded only by gigkit's hosted signing page.",
            errors=[
                field_error(
                    "consent.method",
                    "Use POST /v1/contracts/{id}/signing-links for the hosted page, or name "
                    f"the method you used: {', '.join(API_METHODS)}.",
                )
            ],
        )
    if consent.verification != "passed":
        raise ValidationFailed(
            "The signer's verification did not pass.",
            errors=[field_error("consent.verification", "Must be `passed` to sign.")],
        )
    now = clock.now(session)
    signer.status, signer.signed_at = "signed", now
    signer.evidence = {
        "method": consent.method,
        "verification": consent.verification,
        "ip": consent.ip,
        "user_agent": consent.user_agent,
        "signed_at": evidence.timestamp(now),
        # who vouches for the above: our page, which checked the code, or the platform
        "asserted_by": "gigkit" if hosted else "platform",
        "asserted_via": _actor_name(actor),
    }
    append_audit(
        session,
        contract,
        "signed",
        actor,
        {"signer_id": signer.id, "party_id": signer.party_id, **signer.evidence},
    )
    session.flush()
    session.expire(contract, ["signers"])
    if all(s.status == "signed" for s in contract.signers):
        _complete(session, actor, contract)
    else:
        contract.status = "partially_signed"
    _event(session, actor, "contract.signed", contract, signer_id=signer.id)
    if contract.status == "completed":
        _event(session, actor, "contract.completed", contract)
        if contract.rescinds_id:
            _rescind_original(session, actor, contract)
    return contract


def signer_of(contract: Contract, signer_id: str) -> ContractSigner:
    for signer in contract.signers:
        if signer.id == signer_id:
            return signer
    raise NotFound("No such signer on this contract.")


def _complete(session: Session, actor: Actor, contract: Contract) -> None:
    keys = seal_keys(session)
    if not keys:
        raise ServiceUnavailable("No signing key is configured (GIGKIT_SIGNING_KEYS).")
    now = clock.now(session)
    contract.status, contract.completed_at = "completed", now
    append_audit(
        session, contract, "completed", actor, {"document_sha256": contract.document_sha256}
    )
    contract.seal, contract.seal_key_id = keys.seal(seal_claims(contract, contract.chain_hash))
    session.flush()
    renderings.queue_sealed(session, contract)  # rendered by a job, after this commits


def seal_claims(contract: Contract, chain_hash: str) -> dict[str, Any]:
    assert contract.completed_at is not None
    return {
        "contract_id": contract.id,
        "tenant_id": contract.tenant_id,
        "document_sha256": contract.document_sha256,
        "chain_hash": chain_hash,
        "completed_at": evidence.timestamp(contract.completed_at),
    }


def seal_keys(session: Session) -> evidence.SealKeys:
    return evidence.keys_from(session.info["settings"])


def decline(
    session: Session, *, actor: Actor, contract_id: str, signer_id: str, reason: str
) -> Contract:
    """A pending signer refuses: the contract is closed as `declined`."""
    contract = lock_open(session, contract_id)
    signer = signer_of(contract, signer_id)
    if signer.status != "pending":
        raise InvalidState(f"This signer has already {signer.status}.")
    signer.status = "declined"
    _close(session, actor, contract, "declined", reason, signer_id=signer.id)
    return contract


def void(session: Session, *, actor: Actor, contract_id: str, reason: str) -> Contract:
    """Withdraw a contract that is not completed (a completed one is rescinded instead)."""
    contract = lock_contract(session, contract_id)
    if contract.status not in ("draft", *OPEN):
        hint = " Rescind it instead." if contract.status == "completed" else ""
        raise InvalidState(f"The contract is {contract.status}.{hint}")
    _close(session, actor, contract, "voided", reason)
    return contract


def expire(session: Session, contract: Contract) -> None:
    _close(session, SYSTEM, contract, "expired", "The signing deadline passed.")


def _close(
    session: Session, actor: Actor, contract: Contract, status: str, reason: str, **data: Any
) -> None:
    contract.status, contract.ended_at, contract.end_reason = status, clock.now(session), reason
    append_audit(session, contract, status, actor, {"reason": reason, **data})
    _event(session, actor, f"contract.{status}", contract, **data)


def expire_overdue(session: Session) -> int:
    """Periodic: expire the tenant's open contracts whose `sign_by` has passed."""
    due = session.scalars(
        select(Contract.id).where(Contract.status.in_(OPEN), Contract.sign_by <= clock.now(session))
    ).all()
    for contract_id in due:
        contract = lock_contract(session, contract_id)
        if contract.status in OPEN:
            expire(session, contract)
    return len(due)


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
    ensure_builtins(session)
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


def _rescind_original(session: Session, actor: Actor, agreement: Contract) -> None:
    assert agreement.rescinds_id is not None
    original = lock_contract(session, agreement.rescinds_id)
    original.status, original.rescinded_at = "rescinded", clock.now(session)
    original.rescinded_by_id = agreement.id
    append_audit(session, original, "rescinded", actor, {"rescission_id": agreement.id})
    _event(session, actor, "contract.rescinded", original)


# --- evidence ------------------------------------------------------------------------------------


def append_audit(
    session: Session, contract: Contract, action: str, actor: Actor, data: dict[str, Any]
) -> ContractAuditEvent:
    """Add to the chain. Callers hold the contract's row lock (or just created it)."""
    seq = 1 + (
        session.scalar(
            select(func.count())
            .select_from(ContractAuditEvent)
            .where(ContractAuditEvent.contract_id == contract.id)
        )
        or 0
    )
    now = clock.now(session)
    entry = ContractAuditEvent(
        id=new_id("cae"),
        contract_id=contract.id,
        seq=seq,
        action=action,
        actor=_actor_name(actor),
        data=data,
        prev_hash=contract.chain_hash,
        created_at=now,
    )
    entry.hash = evidence.entry_hash(contract.chain_hash, _content(entry))
    contract.chain_hash = entry.hash
    session.add(entry)
    session.flush()
    return entry


def _content(entry: ContractAuditEvent) -> dict[str, Any]:
    """What an entry's hash covers."""
    return {
        "contract_id": entry.contract_id,
        "seq": entry.seq,
        "action": entry.action,
        "actor": entry.actor,
        "data": entry.data,
        "at": evidence.timestamp(entry.created_at),
    }


def audit_trail(session: Session, contract_id: str) -> tuple[list[ContractAuditEvent], bool]:
    """The chain in order, and whether it is intact (and ends where the contract says)."""
    contract = get_contract(session, contract_id)
    entries = _entries(session, contract.id)
    return entries, _check(contract, entries).intact


def _entries(session: Session, contract_id: str) -> list[ContractAuditEvent]:
    return list(
        session.scalars(
            select(ContractAuditEvent)
            .where(ContractAuditEvent.contract_id == contract_id)
            .order_by(ContractAuditEvent.seq)
        )
    )


def _check(contract: Contract, entries: list[ContractAuditEvent]) -> evidence.ChainCheck:
    check = evidence.check_chain(
        contract.id, ((e.seq, e.prev_hash, e.hash, _content(e)) for e in entries)
    )
    if check.intact and check.head != contract.chain_hash:
        return evidence.ChainCheck(False, check.head, len(entries))  # cut short
    return check


@dataclass(frozen=True)
class Verification:
    matched: str | None  # "pdf", "document" or None
    contract: Contract | None
    document_intact: bool = False
    chain_intact: bool = False
    seal_valid: bool = False

    @property
    def valid(self) -> bool:
        intact = self.document_intact and self.chain_intact and self.seal_valid
        return self.matched is not None and intact

    @property
    def contract_id(self) -> str | None:
        return self.contract.id if self.contract else None

    @property
    def status(self) -> str | None:
        return self.contract.status if self.contract else None

    @property
    def completed_at(self) -> dt.datetime | None:
        return self.contract.completed_at if self.contract else None


def verify(session: Session, *, pdf: str | None = None, sha256: str | None = None) -> Verification:
    """Is this PDF (base64) or hash (of a PDF we issued, or of a contract's document text)
    one we sealed? Re-checks everything the seal rests on: the stored text's hash, the
    chain, the seal."""
    digest = evidence.sha256_hex(_pdf_bytes(pdf)) if pdf is not None else sha256
    contract = session.scalars(select(Contract).where(Contract.pdf_sha256 == digest)).first()
    matched = "pdf" if contract is not None else None
    if contract is None:  # the same text can be in several contracts: the sealed one first
        contract = session.scalars(
            select(Contract)
            .where(Contract.document_sha256 == digest)
            .order_by(Contract.seal.is_(None), Contract.completed_at.desc(), Contract.id)
        ).first()
        matched = "document" if contract is not None else None
    if contract is None:
        return Verification(None, None)
    entries = _entries(session, contract.id)
    chain = _check(contract, entries)
    document_intact = evidence.sha256_hex(contract.document) == contract.document_sha256
    completed = next((e for e in entries if e.action == "completed"), None)
    keys = seal_keys(session)
    seal_valid = bool(
        completed is not None
        and contract.seal
        and contract.seal_key_id
        and contract.completed_at
        and keys.verify(seal_claims(contract, completed.hash), contract.seal, contract.seal_key_id)
    )
    if matched == "pdf" and contract.pdf_seal is not None:  # None: a PDF made before 0007
        seal_valid = seal_valid and keys.verify(
            renderings.pdf_claims(contract), contract.pdf_seal, contract.pdf_seal_key_id or ""
        )
    return Verification(matched, contract, document_intact, chain.intact, seal_valid)


def _pdf_bytes(encoded: str) -> bytes:
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not raw.startswith(b"%PDF-"):
        raise _invalid([("pdf", "Not a base64-encoded PDF file.")])
    return raw


def public_keys(session: Session) -> list[dict[str, str]]:
    return seal_keys(session).public()


def _event(session: Session, actor: Actor, type: str, contract: Contract, **extra: Any) -> None:
    session.flush()
    events.record(
        session,
        type=type,
        data={"object": _view.dump(contract), **extra},
        request_id=actor.request_id,
    )
