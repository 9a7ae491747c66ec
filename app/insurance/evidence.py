"""A claim's evidence pack: what was known at submission about "was it working time",
assembled from the other blocks and frozen with the SHA-256 of its canonical JSON.

The pack (`version` 1) holds:
- `claim`: what the claimant stated (incident time and place, coverage, amount, attachments);
- `policy`: the policy and the terms it was sold under (coverages and sums insured);
- `cover_window`: the covered day the incident falls in, `[cover_starts_at, cover_ends_at)`;
- `shift`: the day's shift (the covered day's, or the worker's shift on that day): clock-in
  and clock-out times and locations, flags; null without one;
- `contract`: the engagement's contract: its document hash, audit chain hash and Ed25519
  seal (null without a contract);
- `payslip`: the shift's payslip if it was settled (null otherwise);
- `events`: the outbox events about the shift and the policy, oldest first.

Canonical JSON: sorted keys, no spaces, UTF-8 (not ASCII-escaped); instants as
`YYYY-MM-DDTHH:MM:SS.ffffffZ`. `sha256 = SHA-256(canonical(pack))`: anyone holding the pack
recomputes it (`GET /v1/insurance/claims/{id}/evidence`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.errors import NotFound
from app.insurance import products
from app.insurance.models import Claim, ClaimEvidence, Policy, PolicyDay
from app.payslips import service as payslips
from app.signing import service as signing
from app.work import service as work

VERSION = 1
UNWORKED = ("cancelled", "no_show")
MAX_EVENTS = 200


def canonical(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same pack always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_of(pack: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(pack)).hexdigest()


def instant(value: dt.datetime | None) -> str | None:
    """Microseconds, UTC, fixed width: what the database gives back is what was hashed."""
    if value is None:
        return None
    return clock.ensure_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain(value: Any) -> Any:
    """`value` as JSON values only (instants as `instant`, dates ISO, decimals as strings)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def assemble(session: Session, claim: Claim, policy: Policy, day: PolicyDay) -> dict[str, Any]:
    """The pack for a claim about to be written (its fields set, its id chosen)."""
    shift = _shift(session, day)
    version = products.version_of(session, policy.product_id, policy.product_version)
    pack = {
        "version": VERSION,
        "claim": {
            "id": claim.id,
            "coverage": claim.coverage,
            "amount": claim.amount,
            "currency": claim.currency,
            "incident_at": claim.incident_at,
            "incident_place": claim.incident_place,
            "incident_location": claim.incident_location,
            "description": claim.description,
            "attachments": claim.attachments,
        },
        "policy": {
            "id": policy.id,
            "worker_id": policy.worker_id,
            "employer_id": policy.employer_id,
            "product_id": policy.product_id,
            "product_version": policy.product_version,
            "insurer": policy.insurer,
            "insurer_policy_number": policy.insurer_policy_number,
            "engagement_id": policy.engagement_id,
            "currency": policy.currency,
            "coverages": version.coverages,
        },
        "cover_window": {
            "day_id": day.id,
            "day": day.day,
            "starts_on": day.starts_on,
            "status": day.status,
            "cover_starts_at": day.cover_starts_at,
            "cover_ends_at": day.cover_ends_at,
            "premium": day.premium,
            "premium_release_id": day.release_id,
        },
        "shift": _shift_view(shift),
        "contract": _contract(session, shift),
        "payslip": _payslip(session, shift),
        "events": _events(session, [i for i in (shift.id if shift else None, policy.id) if i]),
    }
    return dict(plain(pack))


def _shift(session: Session, day: PolicyDay) -> Any:
    if day.shift_id is not None:
        return work.get_shift(session, day.shift_id)
    found = work.list_shifts(session, limit=10, worker_id=day.worker_id, day=day.day).data
    worked = [s for s in found if s.status not in UNWORKED]
    return worked[0] if worked else None


def _shift_view(shift: Any) -> dict[str, Any] | None:
    if shift is None:
        return None
    return {
        "id": shift.id,
        "engagement_id": shift.engagement_id,
        "worker_id": shift.worker_id,
        "employer_id": shift.employer_id,
        "day": shift.day,
        "status": shift.status,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "clock_in_at": shift.clock_in_at,
        "clock_in_location": shift.clock_in_location,
        "clock_out_at": shift.clock_out_at,
        "clock_out_location": shift.clock_out_location,
        "flags": shift.flags,
        "payslip_id": shift.payslip_id,
    }


def _contract(session: Session, shift: Any) -> dict[str, Any] | None:
    if shift is None:
        return None
    engagement = work.get_engagement(session, shift.engagement_id)
    if engagement.contract_id is None:
        return None
    contract = signing.get_contract(session, engagement.contract_id)
    return {
        "id": contract.id,
        "status": contract.status,
        "document_sha256": contract.document_sha256,
        "chain_hash": contract.chain_hash,
        "seal": contract.seal,
        "seal_key_id": contract.seal_key_id,
        "completed_at": contract.completed_at,
    }


def _payslip(session: Session, shift: Any) -> dict[str, Any] | None:
    if shift is None or shift.payslip_id is None:
        return None
    try:
        slip = payslips.get_payslip(session, shift.payslip_id)
    except NotFound:
        return None
    return dict(payslips.PayslipSchema().dump(slip))


def _events(session: Session, object_ids: list[str]) -> list[dict[str, Any]]:
    about = events.Event.data["object"]["id"].as_string()
    rows = session.scalars(
        select(events.Event)
        .where(about.in_(object_ids))
        .order_by(events.Event.created_at, events.Event.id)
        .limit(MAX_EVENTS)
    )
    return [{"id": e.id, "type": e.type, "created_at": e.created_at, "data": e.data} for e in rows]


def get_evidence(session: Session, claim_id: str) -> dict[str, Any]:
    """The frozen pack of a claim and its hash."""
    found = session.scalars(
        select(ClaimEvidence).where(ClaimEvidence.claim_id == claim_id)
    ).one_or_none()
    if found is None:
        raise NotFound("No such claim.")
    return {
        "claim_id": found.claim_id,
        "sha256": found.sha256,
        "algorithm": "sha256-canonical-json",
        "created_at": found.created_at,
        "pack": found.pack,
    }
