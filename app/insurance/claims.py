"""Claims: a worker's incident on a covered day, reviewed, and paid through the money core.

- Submit (`create_claim`): the incident must fall in a cover window that started (a day
  `active` or `expired`, `cover_starts_at <= incident_at < cover_ends_at`), else 422
  `not_covered` with the nearest window; the amount at most the coverage's sum insured
  (422 `claim_above_sum_insured`), counting the day's other claims on that coverage that
  were not rejected. The evidence pack is assembled and frozen with its hash
  in the same transaction (`evidence`), the insurer is told after commit (`claim_jobs`),
  `claim.submitted`.
- Review (`review_claim`): `start_review` (submitted -> under_review), `approve` or `reject`
  (under_review -> approved | rejected), `claim.updated`. The insurer's own rejection
  rejects a claim not yet paid.
- Pay (`claim_jobs.pay_claim`, a job after the approval commits and once the insurer has the claim):
  the insurer's settlement is booked (`provider_cash` -> `insurer_settlement` ->
  `worker_payable`, keyed on the claim) and a payout to the worker is created with source
  `("claim", id)`: at most once however often it runs. The claim is `paid` when that payout
  is created (the payout's own status follows the transfer), `claim.paid`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import jobs
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import InvalidState, NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.insurance import claim_jobs, cover, evidence, products
from app.insurance.errors import ClaimAboveSumInsured, NotCovered
from app.insurance.models import Claim, ClaimEvidence, Policy, PolicyDay
from app.parties import service as parties

STARTED = ("active", "expired")


def create_claim(
    session: Session,
    *,
    actor: Actor,
    policy_id: str,
    coverage: str,
    amount: int,
    incident_at: dt.datetime,
    incident_place: str,
    description: str,
    attachments: list[dict[str, Any]],
    incident_location: dict[str, float] | None = None,
) -> Claim:
    try:  # locked: claims on one policy queue up, each sees the sums the previous ones took
        policy = cover.lock_policy(session, policy_id)
    except NotFound:
        raise NotFound(
            "No such policy.", errors=[field_error("policy_id", "No such policy.")]
        ) from None
    incident_at = clock.ensure_utc(incident_at)
    if incident_at > clock.now(session):
        message = "The incident cannot be in the future."
        raise ValidationFailed(message, errors=[field_error("incident_at", message)])
    day = _window_of(session, policy, incident_at)
    version = products.version_of(session, policy.product_id, policy.product_version)
    sums = {c["type"]: int(c["sum_insured"]) for c in version.coverages}
    if coverage not in sums:
        message = f"The policy covers: {', '.join(sorted(sums))}."
        raise ValidationFailed(message, errors=[field_error("coverage", message)])
    left = sums[coverage] - _claimed(session, day, coverage)
    if amount > left:
        message = f"At most what is left of the sum insured of {coverage} on {day.day}: {left}."
        raise ClaimAboveSumInsured(message, errors=[field_error("amount", message)])
    claim = Claim(
        id=new_id("clm"),
        policy_id=policy.id,
        day_id=day.id,
        worker_id=policy.worker_id,
        coverage=coverage,
        sum_insured=sums[coverage],
        amount=amount,
        currency=policy.currency,
        incident_at=incident_at,
        incident_place=incident_place,
        incident_location=incident_location,
        description=description,
        attachments=attachments,
        status="submitted",
        insurer=policy.insurer,
        insurer_status="pending",
        insurer_attempts=0,
        insurer_next_attempt_at=clock.now(session) + claim_jobs.FIRST_LOOK,
    )
    pack = evidence.assemble(session, claim, policy, day)
    claim.shift_id = (pack.get("shift") or {}).get("id")
    claim.evidence_sha256 = evidence.sha256_of(pack)
    session.add(claim)
    session.flush()
    session.add(
        ClaimEvidence(id=new_id("cev"), claim_id=claim.id, sha256=claim.evidence_sha256, pack=pack)
    )
    session.flush()
    jobs.enqueue(session, claim_jobs.send_claim, claim_id=claim.id)
    claim_jobs.event(session, actor, claim_jobs.SUBMITTED, claim)
    return claim


def _claimed(session: Session, day: PolicyDay, coverage: str) -> int:
    """What the day's other claims on `coverage` take of its sum insured (every claim not
    rejected: approved ones at the amount approved)."""
    taken = session.scalars(
        select(func.coalesce(Claim.amount_approved, Claim.amount)).where(
            Claim.day_id == day.id, Claim.coverage == coverage, Claim.status != "rejected"
        )
    )
    return sum(taken)


def _window_of(session: Session, policy: Policy, incident_at: dt.datetime) -> PolicyDay:
    days = session.scalars(
        select(PolicyDay).where(PolicyDay.policy_id == policy.id, PolicyDay.status.in_(STARTED))
    ).all()
    windows = [
        (d, clock.ensure_utc(d.cover_starts_at), clock.ensure_utc(d.cover_ends_at))
        for d in days
        if d.cover_starts_at is not None
    ]
    for day, start, end in windows:
        if start <= incident_at < end:
            return day
    nearest = min(
        windows,
        key=lambda w: (w[1] - incident_at) if incident_at < w[1] else (incident_at - w[2]),
        default=None,
    )
    message = "The incident is outside every cover window of this policy."
    raise NotCovered(
        message,
        errors=[field_error("incident_at", message)],
        nearest_window=(
            None
            if nearest is None
            else {
                "day_id": nearest[0].id,
                "day": nearest[0].day.isoformat(),
                "cover_starts_at": evidence.instant(nearest[1]),
                "cover_ends_at": evidence.instant(nearest[2]),
            }
        ),
    )


def review_claim(
    session: Session,
    *,
    actor: Actor,
    claim_id: str,
    decision: str,
    reason: str | None = None,
    amount_approved: int | None = None,
) -> Claim:
    """`start_review`: submitted -> under_review; `approve` / `reject`: under_review ->
    approved | rejected (a rejection needs a reason; an approval, a worker with a payout
    account to pay: 422 `payout_account_missing`). 409 `invalid_state` otherwise."""
    claim = claim_jobs.lock_claim(session, claim_id)
    now = clock.now(session)
    if decision == "start_review":
        _expect(claim, "submitted", decision)
        claim.status, claim.review_started_at = "under_review", now
    else:
        _expect(claim, "under_review", decision)
        if decision == "reject" and not reason:
            message = "Give the reason for a rejection."
            raise ValidationFailed(message, errors=[field_error("reason", message)])
        if amount_approved is not None and amount_approved > claim.amount:
            message = f"At most the amount claimed ({claim.amount})."
            raise ValidationFailed(message, errors=[field_error("amount_approved", message)])
        claim.status = "approved" if decision == "approve" else "rejected"
        claim.decision_reason, claim.decided_at = reason, now
        if decision == "approve":
            parties.payout_destination(session, parties.get_worker(session, claim.worker_id))
            claim.amount_approved = amount_approved or claim.amount
            jobs.enqueue(session, claim_jobs.pay_claim, claim_id=claim.id)
    session.flush()
    claim_jobs.event(session, actor, claim_jobs.UPDATED, claim)
    return claim


def _expect(claim: Claim, status: str, decision: str) -> None:
    if claim.status != status:
        raise InvalidState(f"A claim that is {claim.status} cannot {decision.replace('_', ' ')}.")


def get_claim(session: Session, claim_id: str) -> Claim:
    found = session.scalars(select(Claim).where(Claim.id == claim_id)).one_or_none()
    if found is None:
        raise NotFound("No such claim.")
    return found


def list_claims(
    session: Session, *, limit: int, cursor: Position | None = None, **filters: Any
) -> Page[Claim]:
    """Filters: policy_id, worker_id, status (None: any)."""
    stmt = select(Claim)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Claim, name) == value)
    return paginate(session, stmt, Claim, limit=limit, cursor=cursor)
