"""The claims' background work: telling the insurer, and paying approved claims.

- `send_claim` (after the claim's commit, and again from the `insurance.claims` sweep):
  reads the claim in one unit of work, calls the insurer with none open (`submit_claim`
  while `insurer_status` is `pending`, then `claim_status` while it is `received`; both
  keyed `claim:<id>`, so asking again changes nothing at the insurer), and records the
  answer in another under the claim's row lock, only if nobody recorded one meanwhile. An
  insurer that cannot be reached leaves the claim `pending`, retried after
  `notify.backoff(attempts)`; a `received` claim is polled every `POLL_EVERY` until the
  insurer approves or rejects it. The insurer's rejection rejects a claim not yet paid.
- `pay_claim` (after an approval commits; again when the insurer confirms it has the
  claim, and from the sweep): an approved claim the insurer has is paid once: the
  insurer's settlement is booked (`provider_cash` -> `insurer_settlement` ->
  `worker_payable`, idempotency keys `claim-settlement:<id>`, `claim-payable:<id>`) and a
  payout to the worker is created with source `("claim", id)`; the claim is `paid`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events, jobs
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound
from app.insurance import insurers, notify
from app.insurance.claim_schemas import ClaimSchema
from app.insurance.models import Claim, Policy, Product
from app.ledger import service as ledger
from app.payouts import service as payouts

# Per insurer and currency: what the insurer paid in for approved claims, owed on to workers.
INSURER_SETTLEMENT = ledger.declare_kind("insurer_settlement", normal="credit", owner="insurer")

SUBMITTED = events.declare(
    "claim.submitted",
    "A claim was submitted and its evidence pack frozen (`evidence_sha256`); the insurer is "
    "told after commit. `data.object`: the claim.",
)
UPDATED = events.declare(
    "claim.updated",
    "A claim changed: its review started, it was approved or rejected (by the tenant's "
    "review, or rejected by the insurer), or the insurer's answer was recorded "
    "(`insurer_status`). `data.object`: the claim.",
)
PAID = events.declare(
    "claim.paid",
    "An approved claim was paid: the insurer's settlement was booked and a payout of the "
    "approved amount to the worker created (`payout_id`). `data.object`: the claim.",
)
FIRST_LOOK = dt.timedelta(seconds=60)  # when the sweep first looks at a new claim
POLL_EVERY = dt.timedelta(minutes=10)  # how often a received claim's status is asked
PAYABLE_INSURER = ("received", "approved")  # the insurer has the claim
SYSTEM = Actor("system", None)
_view = ClaimSchema()


@jobs.job("money", outside=True, coalesce_on=("claim_id",))
def send_claim(units: jobs.UnitsOfWork, *, claim_id: str) -> bool:
    """Job: submit the claim to its insurer, or ask its status; record the answer. Returns
    whether the insurer answered."""
    with units() as session:
        claim = session.scalars(select(Claim).where(Claim.id == claim_id)).one_or_none()
        if claim is None or claim.insurer_status not in ("pending", "received"):
            return False
        asked = claim.insurer_status
        policy = session.scalars(select(Policy).where(Policy.id == claim.policy_id)).one()
        product = session.scalars(select(Product).where(Product.id == policy.product_id)).one()
        request = insurers.InsurerRequest(
            key=f"claim:{claim.id}",
            policy_id=policy.id,
            trigger=product.metadata_.get("sandbox"),
            claim_id=claim.id,
            amount=claim.amount,
            currency=claim.currency,
        )
        insurer = insurers.get(claim.insurer, units)
    answer, error = None, None
    try:
        if asked == "pending":
            answer = insurer.submit_claim(request)
        else:
            answer = insurer.claim_status(request)
    except insurers.InsurerUnavailable as exc:
        error = str(exc)[:200]
    return units.run(lambda session: _record(session, claim_id, asked, answer, error))


def _record(
    session: Session,
    claim_id: str,
    asked: str,
    answer: insurers.InsurerAnswer | None,
    error: str | None,
) -> bool:
    claim = lock_claim(session, claim_id)
    if claim.insurer_status != asked:
        return False  # a concurrent run recorded it
    now = clock.now(session)
    claim.insurer_attempts += 1
    if answer is None:
        claim.insurer_last_error = error
        claim.insurer_next_attempt_at = now + notify.backoff(claim.insurer_attempts)
        return False
    status = {"rejected": "rejected", "approved": "approved"}.get(answer.status, "received")
    claim.insurer_reference = answer.reference or claim.insurer_reference
    claim.insurer_last_error = None
    claim.insurer_next_attempt_at = now + POLL_EVERY if status == "received" else None
    if status == asked:
        return True  # still under the insurer's review: asked again later
    claim.insurer_status, claim.insurer_reason = status, answer.reason
    claim.insurer_answered_at = now
    if status == "rejected" and claim.status in ("submitted", "under_review", "approved"):
        claim.status, claim.decided_at = "rejected", now
        claim.decision_reason = f"rejected by the insurer: {answer.reason or 'no reason given'}"
    session.flush()
    event(session, SYSTEM, UPDATED, claim)
    _pay(session, SYSTEM, claim)
    return True


@jobs.job("money", coalesce_on=("claim_id",))
def pay_claim(session: Session, *, claim_id: str) -> bool:
    """Job: pay an approved claim the insurer has (see the module docstring). Returns
    whether it paid now (False: not approved, paid already, or the insurer has not
    confirmed it yet: the insurer's answer pays it then)."""
    return _pay(session, SYSTEM, lock_claim(session, claim_id))


def _pay(session: Session, actor: Actor, claim: Claim) -> bool:
    """Under the claim's row lock."""
    if claim.status != "approved" or claim.insurer_status not in PAYABLE_INSURER:
        return False
    amount = claim.amount_approved or claim.amount
    keys = [
        (ledger.PROVIDER_CASH, ledger.PLATFORM, claim.currency),
        (INSURER_SETTLEMENT, claim.insurer, claim.currency),
        (payouts.WORKER_PAYABLE, claim.worker_id, claim.currency),
    ]
    found = ledger.account_ids(session, keys)
    cash, settlement, payable = (found[k] for k in keys)
    source = ("claim", claim.id)
    ledger.post_many(
        session,
        [
            ledger.Posting(
                [ledger.Line(cash, "debit", amount), ledger.Line(settlement, "credit", amount)],
                claim.currency,
                "insurer settlement of a claim",
                source=source,
                idempotency_key=f"claim-settlement:{claim.id}",
            ),
            ledger.Posting(
                [ledger.Line(settlement, "debit", amount), ledger.Line(payable, "credit", amount)],
                claim.currency,
                "claim paid to the worker",
                source=source,
                idempotency_key=f"claim-payable:{claim.id}",
            ),
        ],
    )
    payout = payouts.create_payout(
        session,
        actor=actor,
        worker_id=claim.worker_id,
        amount=amount,
        currency=claim.currency,
        source=source,
    )
    claim.payout_id, claim.status, claim.paid_at = payout.id, "paid", clock.now(session)
    session.flush()
    event(session, actor, PAID, claim)
    return True


def due_claims(session: Session) -> int:
    """Periodic: queue `send_claim` for every claim the insurer must be asked about again,
    and `pay_claim` for every approved claim the insurer has (a lost job). Returns how many
    jobs were queued."""
    now = clock.now(session)
    ask = session.scalars(
        select(Claim.id).where(
            Claim.insurer_status.in_(("pending", "received")),
            Claim.insurer_next_attempt_at <= now,
        )
    ).all()
    pay = session.scalars(
        select(Claim.id).where(
            Claim.status == "approved",
            Claim.insurer_status.in_(PAYABLE_INSURER),
        )
    ).all()
    for claim_id in sorted(ask):
        jobs.enqueue(session, send_claim, claim_id=claim_id, coalesce=False)
    for claim_id in sorted(pay):
        jobs.enqueue(session, pay_claim, claim_id=claim_id, coalesce=False)
    return len(ask) + len(pay)


def lock_claim(session: Session, claim_id: str) -> Claim:
    found = session.scalars(
        select(Claim)
        .where(Claim.id == claim_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound("No such claim.")
    return found


def event(session: Session, actor: Actor, type: str, claim: Claim) -> None:
    events.record(
        session, type=type, data={"object": _view.dump(claim)}, request_id=actor.request_id
    )
