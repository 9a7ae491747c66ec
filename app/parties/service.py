"""Employers and workers: registration, lookup, correction.

Duplicates are refused with 409 and the id of the object that already exists: one employer
per unified social credit code, one worker per ID-card number, per tenant. The check is a
lookup first (for the helpful answer) and a unique constraint second (for concurrent
requests), with the insert inside a savepoint so the constraint's failure can still be
answered politely.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.db import json_list_contains, keyring_of
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.core.schemas import METADATA_MAX_KEYS
from app.core.tenancy import tenant_of
from app.parties.errors import EmployerExists, PayoutAccountMissing, WorkerExists
from app.parties.identity import InvalidNumber, mask_id_card, normalise_id_card
from app.parties.models import Employer, Worker
from app.parties.schemas import EmployerSchema, WorkerSchema

# Event types this block records (see docs/webhooks.md for their payloads).
events.declare(
    "employer.created",
    "An employer was created. `data.object`: the employer.",
)
events.declare(
    "employer.updated",
    "An employer was changed. `data.object`: the employer; `data.changed_fields`: what changed.",
)
events.declare(
    "worker.created",
    "A worker was created. `data.object`: the worker (ID-card number masked).",
)
events.declare(
    "worker.updated",
    "A worker was changed. `data.object`: the worker; `data.changed_fields`: what changed.",
)

_employer_view = EmployerSchema()
_worker_view = WorkerSchema()


# --- employers ------------------------------------------------------------------------------


def create_employer(
    session: Session,
    *,
    actor: Actor,
    name: str,
    credit_code: str,
    contact: dict[str, Any],
    sites: list[dict[str, Any]],
    metadata: dict[str, str],
) -> Employer:
    _refuse_duplicate_employer(session, credit_code)
    employer = Employer(
        id=new_id("emp"),
        name=name,
        credit_code=credit_code,
        contact=contact,
        sites=sites,
        metadata_=_merge_metadata({}, metadata),
    )
    _insert(session, employer, lambda: _refuse_duplicate_employer(session, credit_code))
    events.record(
        session,
        type="employer.created",
        data={"object": _employer_view.dump(employer)},
        request_id=actor.request_id,
    )
    return employer


def get_employer(session: Session, employer_id: str) -> Employer:
    employer = session.scalars(select(Employer).where(Employer.id == employer_id)).one_or_none()
    if employer is None:
        raise NotFound("No such employer.")
    return employer


def get_employers(session: Session, employer_ids: Iterable[str]) -> dict[str, Employer]:
    """The employers with these ids that exist, in one query."""
    wanted = set(employer_ids)
    return {e.id: e for e in session.scalars(select(Employer).where(Employer.id.in_(wanted)))}


def list_employers(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    credit_code: str | None = None,
    name: str | None = None,
) -> Page[Employer]:
    stmt = select(Employer)
    if credit_code:
        stmt = stmt.where(Employer.credit_code == credit_code.upper())
    if name:
        stmt = stmt.where(Employer.name.icontains(name, autoescape=True))
    return paginate(session, stmt, Employer, limit=limit, cursor=cursor)


def update_employer(
    session: Session, *, actor: Actor, employer_id: str, changes: dict[str, Any]
) -> Employer:
    employer = get_employer(session, employer_id)
    changed = sorted(changes)
    if "credit_code" in changes and changes["credit_code"] != employer.credit_code:
        _refuse_duplicate_employer(session, changes["credit_code"])
    if "metadata" in changes:
        changes["metadata_"] = _merge_metadata(employer.metadata_, changes.pop("metadata"))
    code = changes.get("credit_code", employer.credit_code)
    with _unique_or_conflict(session, lambda: _refuse_duplicate_employer(session, code)):
        for key, value in changes.items():
            setattr(employer, key, value)
    _record_update(session, actor, "employer.updated", _employer_view.dump(employer), changed)
    return employer


def _refuse_duplicate_employer(session: Session, credit_code: str) -> None:
    existing = session.scalars(
        select(Employer.id).where(Employer.credit_code == credit_code)
    ).first()
    if existing:
        raise EmployerExists(existing_id=existing)


# --- workers --------------------------------------------------------------------------------


def create_worker(
    session: Session,
    *,
    actor: Actor,
    name: str,
    mobile: str,
    id_card_number: str,
    skills: list[str],
    payout_account: dict[str, str] | None,
    metadata: dict[str, str],
) -> Worker:
    _check_birth_date(session, id_card_number)
    id_hash = _id_card_hash(session, id_card_number)
    _refuse_duplicate_worker(session, id_hash)
    worker = Worker(
        id=new_id("wkr"),
        name=name,
        mobile=mobile,
        skills=_unique(skills),
        metadata_=_merge_metadata({}, metadata),
    )
    _set_id_card(session, worker, id_card_number, id_hash)
    _set_payout_account(session, worker, payout_account)
    _insert(session, worker, lambda: _refuse_duplicate_worker(session, id_hash))
    events.record(
        session,
        type="worker.created",
        data={"object": _worker_view.dump(worker)},
        request_id=actor.request_id,
    )
    return worker


def get_worker(session: Session, worker_id: str) -> Worker:
    worker = session.scalars(select(Worker).where(Worker.id == worker_id)).one_or_none()
    if worker is None:
        raise NotFound("No such worker.")
    return worker


def get_workers(session: Session, worker_ids: Iterable[str]) -> dict[str, Worker]:
    """The workers with these ids, in one query (for batches); 404 if any is missing. Those
    this unit of work has loaded already are not read again (they are kept for it: the
    session's identity map alone would forget the ones nobody holds on to)."""
    wanted, tenant_id = set(worker_ids), tenant_of(session)
    loaded: dict[tuple[str, str], Worker] = session.info.setdefault("parties.workers", {})
    found = {w: loaded[(tenant_id, w)] for w in wanted if (tenant_id, w) in loaded}
    if missing := wanted - found.keys():
        for worker in session.scalars(select(Worker).where(Worker.id.in_(missing))):
            found[worker.id] = loaded[(tenant_id, worker.id)] = worker
    if len(found) != len(wanted):
        raise NotFound("No such worker.")
    return found


@event.listens_for(Session, "after_soft_rollback")
def _forget_workers(session: Session, _previous: Any) -> None:
    """A worker made inside a rolled-back (sub)transaction no longer exists."""
    session.info.pop("parties.workers", None)


def list_workers(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    mobile: str | None = None,
    skill: str | None = None,
    name: str | None = None,
) -> Page[Worker]:
    stmt = select(Worker)
    if mobile:
        stmt = stmt.where(Worker.mobile == mobile)
    if skill:
        stmt = stmt.where(json_list_contains(session, Worker.skills, skill))
    if name:
        stmt = stmt.where(Worker.name.icontains(name, autoescape=True))
    return paginate(session, stmt, Worker, limit=limit, cursor=cursor)


def update_worker(
    session: Session, *, actor: Actor, worker_id: str, changes: dict[str, Any]
) -> Worker:
    worker = get_worker(session, worker_id)
    changed = sorted(changes)
    number = changes.pop("id_card_number", None)
    if number:
        _check_birth_date(session, number)
    id_hash = _id_card_hash(session, number) if number else worker.id_card_hash
    if id_hash != worker.id_card_hash:
        _refuse_duplicate_worker(session, id_hash)
    if "metadata" in changes:
        changes["metadata_"] = _merge_metadata(worker.metadata_, changes.pop("metadata"))
    if "skills" in changes:
        changes["skills"] = _unique(changes["skills"])
    with _unique_or_conflict(session, lambda: _refuse_duplicate_worker(session, id_hash)):
        if number and id_hash != worker.id_card_hash:
            _set_id_card(session, worker, number, id_hash)
        if "payout_account" in changes:
            _set_payout_account(session, worker, changes.pop("payout_account"))
        for key, value in changes.items():
            setattr(worker, key, value)
    _record_update(session, actor, "worker.updated", _worker_view.dump(worker), changed)
    return worker


def payout_destination(session: Session, worker: Worker) -> tuple[str, str, str, str]:
    """(kind, provider, clear reference, masked reference) of the worker's payout account,
    for the payout block to pay into; `PayoutAccountMissing` if there is none."""
    if worker.payout_kind is None or worker.payout_ciphertext is None:
        raise PayoutAccountMissing()
    reference = keyring_of(session).decrypt(
        worker.payout_ciphertext, context=_context(session, "payout_account")
    )
    return worker.payout_kind, worker.payout_provider or "", reference, worker.payout_masked or ""


def reveal_id_card(session: Session, worker: Worker) -> str:
    """The clear ID-card number, for blocks that must print it (a contract, a policy)."""
    return keyring_of(session).decrypt(
        worker.id_card_ciphertext, context=_context(session, "id_card")
    )


def _check_birth_date(session: Session, number: str) -> None:
    """The schema checked the number; its birth date must also not be after the tenant's
    calendar day (a worker born "tomorrow" in UTC may already be born in Shanghai)."""
    try:
        normalise_id_card(number, today=clock.local_day(session))
    except InvalidNumber as exc:
        raise ValidationFailed(str(exc), errors=[field_error("id_card_number", str(exc))]) from None


def _id_card_hash(session: Session, number: str) -> str:
    purpose = f"worker.id_card:{tenant_of(session)}"  # per tenant: no cross-tenant linking
    return keyring_of(session).blind_index(number, purpose=purpose)


def _context(session: Session, field: str) -> str:
    return f"{tenant_of(session)}:workers.{field}"


def _set_id_card(session: Session, worker: Worker, number: str, id_hash: str) -> None:
    keyring = keyring_of(session)
    worker.id_card_ciphertext = keyring.encrypt(number, context=_context(session, "id_card"))
    worker.id_card_hash = id_hash
    worker.id_card_masked = mask_id_card(number)


def _set_payout_account(session: Session, worker: Worker, account: dict[str, str] | None) -> None:
    if account is None:
        worker.payout_kind = worker.payout_provider = None
        worker.payout_ciphertext = worker.payout_masked = None
        return
    reference = account["account_reference"]
    worker.payout_kind = account["kind"]
    worker.payout_provider = account["provider"]
    worker.payout_ciphertext = keyring_of(session).encrypt(
        reference, context=_context(session, "payout_account")
    )
    worker.payout_masked = "*" * min(len(reference) - 4, 12) + reference[-4:]


def _refuse_duplicate_worker(session: Session, id_hash: str) -> None:
    existing = session.scalars(select(Worker.id).where(Worker.id_card_hash == id_hash)).first()
    if existing:
        raise WorkerExists(existing_id=existing)


# --- shared ---------------------------------------------------------------------------------


def _insert(session: Session, obj: Any, on_duplicate: Callable[[], None]) -> None:
    with _unique_or_conflict(session, on_duplicate):
        session.add(obj)


@contextlib.contextmanager
def _unique_or_conflict(session: Session, on_duplicate: Callable[[], None]) -> Iterator[None]:
    """Make the changes in the block inside a savepoint (begin_nested flushes what was pending
    before it, so changes must be made *in* the block); a unique violation — a concurrent
    duplicate that passed the lookup — becomes the same 409 the lookup would have given."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError:
        on_duplicate()  # raises Conflict naming the row the other request created
        raise


def _record_update(
    session: Session, actor: Actor, type: str, view: dict[str, Any], changed: Any
) -> None:
    events.record(
        session,
        type=type,
        data={"object": view, "changed_fields": sorted(changed)},
        request_id=actor.request_id,
    )


def _merge_metadata(current: dict[str, str], changes: dict[str, str]) -> dict[str, str]:
    merged = {k: v for k, v in {**current, **changes}.items() if v != ""}
    if len(merged) > METADATA_MAX_KEYS:
        raise ValidationFailed(
            errors=[field_error("metadata", f"At most {METADATA_MAX_KEYS} keys in all.")]
        )
    return merged


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
