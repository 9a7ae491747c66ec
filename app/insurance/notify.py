"""Telling the insurer: notifications written with the change, sent by a job after commit.

`add()` writes a pending `InsurerNotification` (`bind` a policy, `activate` or `cancel` a
day) in the transaction that made the change and queues `notify_policy` for after the
commit. The job reads the policy's pending notifications in one unit of work, calls the
insurer for each, in order, with none open (idempotent on the notification's `key`, so a
job that crashed mid-way and runs again changes nothing at the insurer twice), stops at the
first `InsurerUnavailable`, and records the answers in another unit of work under the
notifications' row locks (each only while still pending). A notification the insurer could
not take waits `backoff(attempts)`; the periodic `insurance.notify` sweep queues the job
again for every policy with a notification due, so an outage of any length ends with every
notification confirmed. Cover does not wait for the insurer: it is in force on our side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import jobs
from app.core import time as clock
from app.core.ids import new_id
from app.insurance import insurers
from app.insurance.models import InsurerNotification, Policy, PolicyDay, Product

FIRST_LOOK = dt.timedelta(seconds=60)  # when the sweep first looks at a new notification
MAX_BACKOFF = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """How long a notification waits after its `attempts`-th failed call: 1, 2, 4... minutes,
    at most an hour."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def add(
    session: Session, policy: Policy, kind: str, days: Sequence[PolicyDay | None] = (None,)
) -> None:
    """A pending notification per day (`bind`: one, of the policy) and one `notify_policy`
    job for them all (not one per day: a 366-day cancel queues one job)."""
    if not days:
        return
    now = clock.now(session)
    session.add_all(
        InsurerNotification(
            id=new_id("inn"),
            policy_id=policy.id,
            day_id=day.id if day else None,
            kind=kind,
            key=f"{kind}:{day.id if day else policy.id}",
            status="pending",
            attempts=0,
            next_attempt_at=now + FIRST_LOOK,
        )
        for day in days
    )
    jobs.enqueue(session, notify_policy, policy_id=policy.id)


@jobs.job("money", outside=True, coalesce_on=("policy_id",))
def notify_policy(units: jobs.UnitsOfWork, *, policy_id: str) -> int:
    """Job: send the policy's pending notifications to its insurer and record the answers
    (any number of times, also concurrently: see the module docstring). Returns how many
    were answered."""
    with units() as session:
        policy = _one(session, Policy, policy_id)
        if policy is None:
            return 0
        product = _one(session, Product, policy.product_id)
        trigger = (product.metadata_ if product else {}).get("sandbox")
        days = {d.id: d for d in policy.days}
        todo = [
            (n.id, n.kind, _request(policy, n, days.get(n.day_id or ""), trigger))
            for n in policy.notifications
            if n.status == "pending"
        ]
        name = policy.insurer
    if not todo:
        return 0
    insurer = insurers.get(name, units)
    answers: list[tuple[str, insurers.InsurerAnswer | None, str | None]] = []
    for notification_id, kind, request in todo:
        try:
            answers.append((notification_id, _call(insurer, kind, request), None))
        except insurers.InsurerUnavailable as exc:
            answers.append((notification_id, None, str(exc)[:200]))
            break  # in order: the rest wait for the next attempt
    with units() as session:
        return _apply(session, policy_id, answers)


def _one(session: Session, model: Any, object_id: str) -> Any:
    return session.scalars(select(model).where(model.id == object_id)).one_or_none()


def _request(
    policy: Policy, notification: InsurerNotification, day: PolicyDay | None, trigger: str | None
) -> insurers.InsurerRequest:
    return insurers.InsurerRequest(
        key=notification.key,
        policy_id=policy.id,
        trigger=trigger,
        day=day.day if day else None,
        starts_at=clock.ensure_utc(day.cover_starts_at) if day and day.cover_starts_at else None,
        ends_at=clock.ensure_utc(day.cover_ends_at) if day else None,
        premium=day.premium if day else None,
        currency=policy.currency,
    )


def _call(
    insurer: insurers.Insurer, kind: str, request: insurers.InsurerRequest
) -> insurers.InsurerAnswer:
    if kind == "bind":
        return insurer.bind(request)
    if kind == "activate":
        return insurer.activate(request)
    return insurer.cancel(request)


def _apply(
    session: Session,
    policy_id: str,
    answers: list[tuple[str, insurers.InsurerAnswer | None, str | None]],
) -> int:
    now = clock.now(session)
    rows = {
        n.id: n
        for n in session.scalars(
            select(InsurerNotification)
            .where(InsurerNotification.id.in_([a[0] for a in answers]))
            .order_by(InsurerNotification.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    answered = 0
    for notification_id, answer, error in answers:
        row = rows[notification_id]
        if row.status != "pending":
            continue  # a concurrent run recorded it
        row.attempts += 1
        if answer is None:
            row.last_error = error
            row.next_attempt_at = now + backoff(row.attempts)
            continue
        row.status = "refused" if answer.status == "refused" else "confirmed"
        row.last_error = answer.reason
        row.insurer_reference = answer.reference
        row.insurer_effective_at = answer.effective_at
        row.confirmed_at = now
        answered += 1
        if row.kind == "bind":
            policy = _one(session, Policy, policy_id)
            assert policy is not None
            policy.insurer_status = "bound" if row.status == "confirmed" else "refused"
            policy.insurer_policy_number = answer.reference
    return answered


def due_policies(session: Session) -> int:
    """Periodic: queue `notify_policy` for every policy with a notification due. Returns how
    many policies."""
    due = session.scalars(
        select(InsurerNotification.policy_id)
        .where(
            InsurerNotification.status == "pending",
            InsurerNotification.next_attempt_at <= clock.now(session),
        )
        .distinct()
    ).all()
    for policy_id in sorted(due):
        jobs.enqueue(session, notify_policy, policy_id=policy_id, coalesce=False)
    return len(due)
