"""Contract PDFs, made by a background job and never inside a request or under a lock.

A PDF costs CPU in proportion to its document (well under a second at the size limit,
`documents.MAX_DOCUMENT_CHARS`), so one tenant asking for many must not hold up the API
for everyone:

- Completing a contract seals it and queues its *sealed* rendering; the job signs it
  (`pades`: attachments and a PAdES signature), stores it (`pdf`, `pdf_sha256`) with its
  own Ed25519 seal (`pdf_seal`, over the contract's seal and the PDF's hash, so a PDF
  slipped into the row before the job ran does not verify), emits `contract.document.ready`.
- `GET /v1/contracts/{id}/document` answers the sealed PDF once it exists; before
  completion, a *preview* of the contract as it stands. A rendering is keyed by a hash of
  everything its PDF shows (`render_key`: the document's SHA-256, title, signers, states,
  evidence, seal), so each state of a contract is rendered once and then served from
  `contract_renderings` (only the newest preview of a contract is kept). Until the PDF is
  ready the endpoint answers 202 with `Retry-After`.
- Per tenant, at most `GIGKIT_RENDERS_PER_TENANT` renderings are in progress at once,
  whatever the number of workers (claims are serialised per tenant and count live leases),
  and at most `MAX_QUEUED` previews wait (beyond that, 429 `too_many_renderings`; sealed
  PDFs are always queued). Rendering runs on the `documents` queue, which can have workers
  of its own. A job renders for at most `DRAIN_SECONDS`, then queues its successor behind
  the other tenants' jobs (and behind payouts, for a worker serving both queues).
- `queued -> rendering -> ready`; a job that dies leaves a lease that expires, and the
  rendering is taken again (by the next GET's job or `gigkit maintenance contracts`); one
  that fails `MAX_ATTEMPTS` times is `failed` (logged; the endpoint answers 503).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer

from app.core import events, jobs, ratelimit
from app.core import time as clock
from app.core.db import take_turns
from app.core.errors import NotFound
from app.core.ids import new_id
from app.signing import audit, evidence, pdf
from app.signing.errors import DocumentUnavailable, TooManyRenderings
from app.signing.models import Contract, ContractAuditEvent, ContractRendering
from app.signing.schemas import ContractSchema

READY = events.declare(
    "contract.document.ready",
    "The sealed PDF of a completed contract is ready at `GET /v1/contracts/{id}/document` "
    "(`data.object`: the contract, with `pdf_sha256`).",
)
RENDERER_VERSION = 3  # part of every render key: a new layout renders previews again
MAX_QUEUED = 50  # renderings waiting per tenant
MAX_ATTEMPTS = 3
LEASE = dt.timedelta(seconds=120)  # longer than any rendering within the size limits
DRAIN_SECONDS = 5.0  # a job renders for about this long, then hands over to a new one
RETRY_AFTER = 1
log = logging.getLogger(__name__)
_view = ContractSchema(exclude=("document",))


@dataclass(frozen=True)
class Inputs:
    """Everything a contract's PDF shows."""

    document: str
    title: str
    locale: str
    certificate: pdf.Certificate
    sealed: Any = None  # a sealed PDF's pades.Contents, once claimed: it is signed (not keyed)

    def key(self) -> str:
        """The SHA-256 of the inputs (the document by its hash) and the renderer version."""
        shown = dataclasses.asdict(self.certificate)
        content = {"v": RENDERER_VERSION, "title": self.title, "locale": self.locale, **shown}
        canonical = json.dumps(content, sort_keys=True, default=_json_value, ensure_ascii=False)
        return evidence.sha256_hex(canonical)

    def render(self) -> bytes:
        made = pdf.render(
            self.document, title=self.title, locale=self.locale, certificate=self.certificate
        )
        return made if self.sealed is None else self.sealed.sign(made)


def _json_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return evidence.timestamp(value)
    raise TypeError(type(value).__name__)


def inputs(session: Session, contract: Contract, kind: str) -> Inputs:
    """What the PDF of this kind shows of the contract now. The sealed PDF shows the contract
    as sealed: `completed`, with the chain hash the seal covers, even if the chain has grown
    since (a rescission adds to it)."""
    status, chain_hash = contract.status, contract.chain_hash
    if kind == "sealed":
        status = "completed"
        chain_hash = session.scalars(
            select(ContractAuditEvent.hash).where(
                ContractAuditEvent.contract_id == contract.id,
                ContractAuditEvent.action == "completed",
            )
        ).one()
    certificate = pdf.Certificate(
        contract_id=contract.id,
        tenant_id=contract.tenant_id,
        livemode=audit.livemode(session, contract),
        title=contract.title,
        status=status,
        document_sha256=contract.document_sha256 or evidence.sha256_hex(contract.document),
        chain_hash=chain_hash,
        seal=contract.seal,
        seal_key_id=contract.seal_key_id,
        completed_at=contract.completed_at,
        signers=[
            pdf.SignerLine(
                name=s.name,
                role=s.role,
                party_id=s.party_id,
                order=s.order,
                status=s.status,
                signed_at=s.signed_at,
                method=(s.evidence or {}).get("method"),
                verification=(s.evidence or {}).get("verification"),
                ip=(s.evidence or {}).get("ip"),
                user_agent=(s.evidence or {}).get("user_agent"),
                asserted_by=(s.evidence or {}).get("asserted_by"),
                asserted_via=(s.evidence or {}).get("asserted_via"),
            )
            for s in contract.signers
        ],
    )
    return Inputs(contract.document, contract.title, contract.locale, certificate)


# --- in the request --------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """The answer to a request for a contract's PDF: the PDF, or how long to wait."""

    contract_id: str
    kind: str  # "sealed" | "preview"
    status: str  # "ready" | "rendering"
    pdf: bytes | None = None
    retry_after: int = RETRY_AFTER


def queue_sealed(session: Session, contract: Contract) -> None:
    """On completion (under the contract's lock, which this does not prolong): queue the
    sealed PDF's rendering."""
    _queue(session, contract, "sealed", inputs(session, contract, "sealed").key())


def document(session: Session, contract_id: str) -> Document:
    """The contract's PDF if it is ready; otherwise its rendering is queued (once). At most
    `GIGKIT_DOCUMENTS_PER_TENANT` of a tenant's requests are served at once (else 429)."""
    ratelimit.hold_slot(session, "documents", session.info["settings"].documents_per_tenant)
    contract = session.scalars(
        select(Contract).where(Contract.id == contract_id).options(undefer(Contract.pdf))
    ).one_or_none()
    if contract is None:
        raise NotFound("No such contract.")
    if contract.pdf is not None:
        return Document(contract.id, "sealed", "ready", contract.pdf)
    kind = "sealed" if contract.seal is not None else "preview"
    key = inputs(session, contract, kind).key()
    found = session.scalars(
        select(ContractRendering)
        .where(ContractRendering.contract_id == contract.id, ContractRendering.render_key == key)
        .options(undefer(ContractRendering.pdf))
    ).one_or_none()
    if found is not None and found.status == "ready" and found.pdf is not None:
        return Document(contract.id, kind, "ready", found.pdf)
    if found is not None and found.status == "failed":
        raise DocumentUnavailable()
    if found is None:
        _queue(session, contract, kind, key)
    else:
        _kick(session)  # its job may have been lost; coalesced if one is waiting
    return Document(contract.id, kind, "rendering")


def _queue(session: Session, contract: Contract, kind: str, key: str) -> None:
    waiting = session.scalar(
        select(func.count())
        .select_from(ContractRendering)
        .where(ContractRendering.status.in_(("queued", "rendering")))
    )
    if kind == "preview" and (waiting or 0) >= MAX_QUEUED:
        raise TooManyRenderings(
            f"{MAX_QUEUED} of your contract PDFs are already being made; retry shortly.",
            headers={"Retry-After": "5"},
        )
    try:
        with session.begin_nested():  # a concurrent request may queue the same one
            session.add(
                ContractRendering(
                    id=new_id("rnd"),
                    contract_id=contract.id,
                    kind=kind,
                    render_key=key,
                    status="queued",
                    attempts=0,
                    requested_at=clock.now(session),
                )
            )
    except IntegrityError:
        pass
    _kick(session)


def _kick(session: Session) -> None:
    jobs.enqueue(session, render_job, background=True)


# --- the job -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    rendering_id: str
    contract_id: str
    kind: str
    token: str
    inputs: Inputs


@jobs.job("documents", coalesce_on=(), timeout=180, outside=True)
def render_job(units: jobs.UnitsOfWork) -> int:
    """Job: render the tenant's queued PDFs, oldest first, while it may (the tenant's limit
    of renderings at once), for up to about a minute; returns how many it made."""
    limit = units.settings.renders_per_tenant
    token, started, made = secrets.token_hex(8), time.monotonic(), 0
    while True:
        if made and time.monotonic() - started > DRAIN_SECONDS:
            with units() as s:
                _kick(s)  # there may be more: a fresh job, after the others queued
            return made
        claim = _claim(units, token, limit)
        if claim is None:
            return made
        try:
            content = claim.inputs.render()
        except Exception as exc:
            if type(exc).__name__ == "JobTimeoutException":  # RQ's time limit: stop here
                raise
            log.exception("rendering %s of %s failed", claim.kind, claim.contract_id)
            _fail(units, claim, exc)
            continue
        _store(units, claim, content)
        made += 1


def _claim(units: jobs.UnitsOfWork, token: str, limit: int) -> _Claim | None:
    """Take the oldest queued rendering (or one whose job died), unless the tenant already
    has `limit` in progress. Renderings no longer current are dropped on the way."""
    with units() as session:
        # one claim at a time per tenant, so the count holds
        take_turns(session, [f"gigkit-render:{units.tenant_id}"])
        now = clock.now(session)
        busy = session.scalar(
            select(func.count())
            .select_from(ContractRendering)
            .where(ContractRendering.status == "rendering", ContractRendering.lease_until > now)
        )
        if (busy or 0) >= limit:
            return None
        while True:
            candidate = session.scalars(
                select(ContractRendering)
                .where(
                    (ContractRendering.status == "queued")
                    | (
                        (ContractRendering.status == "rendering")
                        & (ContractRendering.lease_until <= now)
                    )
                )
                .order_by(ContractRendering.requested_at, ContractRendering.id)
                .limit(1)
            ).first()
            if candidate is None:
                return None
            contract = session.scalars(
                select(Contract).where(Contract.id == candidate.contract_id)
            ).one()
            wanted = inputs(session, contract, candidate.kind)
            if candidate.kind == "sealed":
                wanted = dataclasses.replace(
                    wanted, sealed=audit.sealed_contents(session, contract)
                )
            done = candidate.kind == "sealed" and contract.pdf_sha256 is not None
            if done or wanted.key() != candidate.render_key:  # the contract moved on
                session.delete(candidate)
            elif candidate.attempts >= MAX_ATTEMPTS:  # its jobs died rendering it, each time
                candidate.status = "failed"
            else:
                candidate.status, candidate.attempts = "rendering", candidate.attempts + 1
                candidate.lease_token, candidate.lease_until = token, now + LEASE
                return _Claim(candidate.id, contract.id, candidate.kind, token, wanted)
            session.flush()


def _leased(session: Session, claim: _Claim) -> ContractRendering | None:
    rendering = session.scalars(
        select(ContractRendering)
        .where(ContractRendering.id == claim.rendering_id)
        .with_for_update()
    ).one_or_none()
    if rendering is None or rendering.lease_token != claim.token:
        return None  # dropped, or taken over after our lease ran out
    return rendering


def _store(units: jobs.UnitsOfWork, claim: _Claim, content: bytes) -> None:
    digest = evidence.sha256_hex(content)
    with units() as session:
        rendering = _leased(session, claim)
        if rendering is None:
            return
        if claim.kind == "sealed":
            contract = session.scalars(
                select(Contract).where(Contract.id == claim.contract_id).with_for_update()
            ).one()
            if contract.pdf_sha256 is None:
                contract.pdf, contract.pdf_sha256 = content, digest
                keys = evidence.keys_from(session.info["settings"])
                contract.pdf_seal, contract.pdf_seal_key_id = keys.seal(pdf_claims(contract))
                session.flush()
                events.record(
                    session, type=READY, data={"object": _view.dump(contract)}, request_id=None
                )
        else:
            rendering.pdf = content
        # keep only what can still be asked for: the newest preview, or none once sealed
        session.execute(
            delete(ContractRendering)
            .where(
                ContractRendering.contract_id == claim.contract_id,
                ContractRendering.kind == "preview",
                ContractRendering.status == "ready",
                ContractRendering.id != rendering.id,
            )
            .execution_options(synchronize_session=False)
        )
        rendering.status, rendering.pdf_sha256, rendering.rendered_at = (
            "ready",
            digest,
            clock.now(session),
        )
        rendering.lease_token = rendering.lease_until = rendering.error = None


def pdf_claims(contract: Contract) -> dict[str, Any]:
    """What a sealed PDF's own seal signs: the PDF's hash, bound to the contract's seal."""
    return {
        "purpose": "contract-pdf",
        "contract_id": contract.id,
        "tenant_id": contract.tenant_id,
        "seal": contract.seal,
        "pdf_sha256": contract.pdf_sha256,
    }


def _fail(units: jobs.UnitsOfWork, claim: _Claim, exc: Exception) -> None:
    with units() as session:
        rendering = _leased(session, claim)
        if rendering is None:
            return
        rendering.error = f"{type(exc).__name__}: {exc}"[:500]
        rendering.status = "failed" if rendering.attempts >= MAX_ATTEMPTS else "queued"
        rendering.lease_token = rendering.lease_until = None


def resume(session: Session) -> int:
    """Periodic (`gigkit maintenance contracts`): queue a job for the tenant's renderings
    that wait with no job (lost with Redis, or a worker that died); how many wait."""
    waiting = session.scalar(
        select(func.count())
        .select_from(ContractRendering)
        .where(
            (ContractRendering.status == "queued")
            | (
                (ContractRendering.status == "rendering")
                & (ContractRendering.lease_until <= clock.now(session))
            )
        )
    )
    if waiting:  # whatever the marker says: the job it stands for may be lost
        jobs.enqueue(session, render_job, background=True, coalesce=False)
    return waiting or 0
