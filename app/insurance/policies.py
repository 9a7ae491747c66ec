"""Buying, cancelling and reading policies.

A policy is bought directly (`buy_policy`: days that start at 00:00) or with an engagement's
shifts (`insure_shifts`, the work block's scheduling hook: days that start at clock-in), in
the caller's transaction. Either way every day's premium is held in the employer's escrow
(a hold per day, 402 `insufficient_escrow_balance` and nothing written otherwise), the
insurer is told to bind the policy after commit, and `policy.created` is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.escrow import service as escrow
from app.insurance import cover, notify, pricing, products
from app.insurance.errors import NotInsurable, PolicyNotCancellable, PolicyOverlaps
from app.insurance.models import Policy, PolicyDay, Product
from app.insurance.schemas import PolicySchema
from app.parties import service as parties

events.declare(
    "policy.created",
    "A policy was bought (directly or with an engagement's shifts); each day's premium is "
    "held in the employer's escrow. `data.object`: the policy.",
)

_view = PolicySchema()


def buy_policy(
    session: Session,
    *,
    actor: Actor,
    worker_id: str,
    employer_id: str,
    product_id: str,
    days: Sequence[dt.date],
    job_category: str | None = None,
    metadata: dict[str, str] | None = None,
) -> Policy:
    """A policy bought without a shift: each day covered from 00:00 (from now, for today)."""
    if len(set(days)) != len(days):
        raise ValidationFailed(
            "A day appears twice.", errors=[field_error("days", "Each day at most once.")]
        )
    today = clock.local_day(session)
    for i, day in enumerate(days):
        if day < today:
            message = f"Not in the past (today is {today.isoformat()})."
            raise ValidationFailed(message, errors=[field_error(f"days.{i}", message)])
    worker = _found(lambda: parties.get_worker(session, worker_id), "worker_id", "worker")
    _found(lambda: parties.get_employer(session, employer_id), "employer_id", "employer")
    product = products.get_product(session, product_id, field="product_id")
    plan: list[tuple[dt.date, str | None]] = [(day, None) for day in sorted(days)]
    return _create(
        session,
        actor,
        worker=worker,
        employer_id=employer_id,
        product=product,
        plan=plan,
        job_category=job_category,
        metadata=metadata,
        fields=("product_id", "days"),
    )


def insure_shifts(session: Session, actor: Actor, engagement: Any, shifts: Sequence[Any]) -> None:
    """The work block's hook: an engagement with an insurance product insures each shift it
    schedules (one policy per call), in the scheduling transaction."""
    product_id = getattr(engagement, "insurance_product_id", None)
    if product_id is None:
        return
    product = products.get_product(session, product_id, field="insurance_product_id")
    if not shifts:
        return
    today = clock.local_day(session)
    for i, shift in enumerate(shifts):
        if shift.day < today:
            message = f"An insured day is not in the past (today is {today.isoformat()})."
            raise ValidationFailed(message, errors=[field_error(f"shifts.{i}.day", message)])
    _create(
        session,
        actor,
        worker=parties.get_worker(session, engagement.worker_id),
        employer_id=engagement.employer_id,
        product=product,
        plan=[(s.day, s.id) for s in sorted(shifts, key=lambda s: s.day)],
        job_category=engagement.job_category,
        metadata=None,
        engagement_id=engagement.id,
        currency=engagement.currency,
        fields=("insurance_product_id", "shifts"),
    )


def _create(
    session: Session,
    actor: Actor,
    *,
    worker: Any,
    employer_id: str,
    product: Product,
    plan: list[tuple[dt.date, str | None]],
    job_category: str | None,
    metadata: dict[str, str] | None,
    fields: tuple[str, str],
    engagement_id: str | None = None,
    currency: str | None = None,
) -> Policy:
    version = products.version_of(session, product.id, product.version)
    product_field, days_field = fields
    if currency is not None and currency != version.currency:
        message = f"The product is sold in {version.currency}, the engagement pays {currency}."
        raise ValidationFailed(message, errors=[field_error(product_field, message)])
    terms = products.terms_of(version)
    days = [day for day, _shift in plan]
    if problem := pricing.category_problem(terms, job_category):
        raise NotInsurable(problem, errors=[field_error("job_category", problem)])
    born = pricing.birth_date(parties.reveal_id_card(session, worker))
    if problem := pricing.age_problem(terms, born, days):
        raise NotInsurable(problem, errors=[field_error("worker_id", problem)])
    _refuse_overlap(session, worker.id, days, days_field)
    policy = Policy(
        id=new_id("pol"),
        worker_id=worker.id,
        employer_id=employer_id,
        product_id=product.id,
        product_version=version.version,
        insurer=product.insurer,
        engagement_id=engagement_id,
        job_category=job_category,
        currency=version.currency,
        daily_premium=version.daily_premium,
        status="scheduled",
        insurer_status="pending",
        metadata_=metadata or {},
    )
    session.add(policy)
    session.flush()
    now = clock.now(session)
    made = []
    for (day, shift_id), premium in zip(plan, pricing.premiums(terms, days).values(), strict=True):
        bounds = clock.day_bounds(session, day)
        day_id = new_id("pcd")
        hold = escrow.create_hold(
            session,
            actor=actor,
            employer_id=employer_id,
            amount=premium,
            currency=policy.currency,
            purpose="premium",
            reference=day_id,
        )
        start = None if shift_id else pricing.day_start_window(bounds, now)[0]
        made.append(
            PolicyDay(
                id=day_id,
                policy_id=policy.id,
                worker_id=worker.id,
                day=day,
                shift_id=shift_id,
                starts_on="clock_in" if shift_id else "day_start",
                premium=premium,
                hold_id=hold.id,
                status="scheduled",
                cover_starts_at=start,
                cover_ends_at=bounds[1],
            )
        )
    session.add_all(made)
    try:
        session.flush()
    except IntegrityError as exc:  # the partial unique index on (worker, day): a race
        message = "The worker already has cover on one of these days."
        raise PolicyOverlaps(message, errors=[field_error(days_field, message)]) from exc
    notify.add(session, policy, "bind")
    session.expire(policy, ["days", "notifications"])
    events.record(
        session,
        type="policy.created",
        data={"object": _view.dump(policy)},
        request_id=actor.request_id,
    )
    starting = [d for d in made if cover.started(d, now)]  # bought today: from now
    cover.activate(session, actor, policy, [(d, d.cover_starts_at) for d in starting])  # type: ignore[misc]
    return policy


def cancel_policy(session: Session, *, actor: Actor, policy_id: str) -> Policy:
    """Cancel every day whose cover has not started (each premium refunded in full); days
    started or ended stay. 409 `policy_not_cancellable` if no day is left to cancel."""
    policy = cover.lock_policy(session, policy_id)
    days = cover.lock_days(session, policy)
    now = clock.now(session)
    scheduled = [d for d in days if d.status == "scheduled"]
    begun = [d for d in scheduled if cover.started(d, now)]  # 00:00 passed: not refundable
    refundable = [d for d in scheduled if d not in begun]
    if not refundable:
        raise PolicyNotCancellable("Every day of this policy has started, ended or was cancelled.")
    cover.activate(session, actor, policy, [(d, d.cover_starts_at) for d in begun])  # type: ignore[misc]
    policy.cancelled_at = now
    cover.cancel(session, actor, policy, refundable)
    return policy


def _refuse_overlap(session: Session, worker_id: str, days: list[dt.date], field: str) -> None:
    taken = session.scalars(
        select(PolicyDay.day).where(
            PolicyDay.worker_id == worker_id,
            PolicyDay.day.in_(days),
            PolicyDay.status != "cancelled",
        )
    ).all()
    if taken:
        message = f"The worker already has cover on {min(taken).isoformat()}."
        raise PolicyOverlaps(message, errors=[field_error(field, message)])


def _found(get: Any, field: str, name: str) -> Any:
    try:
        return get()
    except NotFound:
        raise NotFound(
            f"No such {name}.", errors=[field_error(field, f"No such {name}.")]
        ) from None


def get_policy(session: Session, policy_id: str) -> Policy:
    found = session.scalars(select(Policy).where(Policy.id == policy_id)).one_or_none()
    if found is None:
        raise NotFound("No such policy.")
    return found


def list_policies(
    session: Session, *, limit: int, cursor: Position | None = None, **filters: Any
) -> Page[Policy]:
    """Filters: worker_id, employer_id, engagement_id, status (None: any)."""
    stmt = select(Policy)
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Policy, name) == value)
    return paginate(session, stmt, Policy, limit=limit, cursor=cursor)
