"""API keys: `gk_live_…` / `gk_test_…`, shown once, stored as a keyed hash.

A key has scopes, an optional expiry, can be revoked, and can be rotated: rotation issues a
new key with the same name and scopes and lets the old one keep working for an overlap
window (0 s - 7 days) so deployments can switch without downtime. `last_used_at` is
updated at most once a minute per key, by a background job, not on every request.
Every change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, object_session

from app.core import jobs
from app.core import time as clock
from app.core.auth import Actor, Principal, expand_scopes, invalid_token
from app.core.crypto import make_token, token_is_well_formed
from app.core.db import keyring_of
from app.core.errors import InvalidState, NotFound, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.core.tenancy import find_credential
from app.tenants import scopes as scope_catalog
from app.tenants import service as tenants
from app.tenants.errors import ScopeEscalation
from app.tenants.models import ApiKey

PREFIXES = {"live": "gk_live_", "test": "gk_test_"}
MAX_OVERLAP = tenants.MAX_OVERLAP
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # returned to the caller once, never stored

    def __getattr__(self, name: str) -> Any:  # serialise like the key itself, plus `secret`
        return getattr(self.key, name)


def status(key: ApiKey, now: dt.datetime | None = None) -> str:
    now = now or clock.real_now(object_session(key))
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"


def check_grantable(requested: Iterable[str], creator_scopes: frozenset[str] | None) -> None:
    """A credential cannot mint another with scopes it does not hold itself (R-KEY-8)."""
    if creator_scopes is None:  # the platform CLI
        return
    beyond = sorted(set(requested) - expand_scopes(creator_scopes))
    if beyond:
        raise ScopeEscalation(f"You cannot grant scopes you do not hold: {', '.join(beyond)}.")


def create(
    session: Session,
    *,
    actor: Actor,
    name: str,
    scopes: list[str],
    expires_at: dt.datetime | None = None,
    creator_scopes: frozenset[str] | None = None,
) -> IssuedKey:
    check_grantable(scopes, creator_scopes)
    if expires_at is not None and expires_at <= clock.real_now(session):
        raise ValidationFailed(errors=[field_error("expires_at", "Must be in the future.")])
    issued = _issue(session, name=name, scopes=scopes, expires_at=expires_at, actor=actor)
    tenants.record_audit(
        session,
        actor=actor,
        action="api_key.created",
        target_type="api_key",
        target_id=issued.key.id,
        data={"name": name, "scopes": scopes},
    )
    return issued


def _issue(
    session: Session, *, name: str, scopes: list[str], expires_at: dt.datetime | None, actor: Actor
) -> IssuedKey:
    mode = tenants.get_current(session).mode
    secret = make_token(PREFIXES[mode])
    key = ApiKey(
        id=new_id("key"),
        name=name,
        mode=mode,
        scopes=scope_catalog.join(scopes),
        prefix=secret[: len(PREFIXES[mode]) + 4],
        last4=secret[-4:],
        secret_hash=keyring_of(session).hash_secret(secret),
        created_by=actor.id,
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return IssuedKey(key, secret)


def get_or_raise(session: Session, key_id: str) -> ApiKey:
    """A key that was not revoked: revoking is deleting, as far as the API shows (the row
    stays, for the audit log and for a precise 401 `api_key_revoked`)."""
    key = session.scalars(
        select(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
    ).one_or_none()
    if key is None:
        raise NotFound("No such API key.")
    return key


def list_(
    session: Session, *, limit: int, cursor: Position | None = None, active: bool | None = None
) -> Page[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.revoked_at.is_(None))
    if active is not None:
        live = or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > clock.real_now(session))
        stmt = stmt.where(live if active else ~live)
    return paginate(session, stmt, ApiKey, limit=limit, cursor=cursor)


def revoke(session: Session, *, actor: Actor, key_id: str) -> ApiKey:
    """Revoke (delete) a key: it stops working at once and is gone from the API (404)."""
    key = get_or_raise(session, key_id)
    key.revoked_at = clock.real_now(session)
    session.flush()
    tenants.record_audit(
        session,
        actor=actor,
        action="api_key.revoked",
        target_type="api_key",
        target_id=key.id,
        data={"name": key.name},
    )
    return key


def rotate(
    session: Session,
    *,
    actor: Actor,
    key_id: str,
    overlap: dt.timedelta,
    creator_scopes: frozenset[str] | None = None,
) -> IssuedKey:
    """A new key like the old one; the old one expires after `overlap` (at most 7 days)."""
    if not dt.timedelta(0) <= overlap <= MAX_OVERLAP:
        raise ValidationFailed(errors=[field_error("overlap_seconds", "0 to 604800 seconds.")])
    old = get_or_raise(session, key_id)
    if status(old) != "active":
        raise InvalidState(f"Only an active key can be rotated; this one is {status(old)}.")
    if old.rotated_to_id is not None:
        raise InvalidState(f"This key was already rotated to {old.rotated_to_id}; rotate that one.")
    scopes = old.scopes.split()
    check_grantable(scopes, creator_scopes)
    issued = _issue(session, name=old.name, scopes=scopes, expires_at=old.expires_at, actor=actor)
    now = clock.real_now(session)
    old.expires_at = min(filter(None, (old.expires_at, now + overlap)))
    old.rotated_to_id = issued.key.id
    session.flush()
    tenants.record_audit(
        session,
        actor=actor,
        action="api_key.rotated",
        target_type="api_key",
        target_id=old.id,
        data={"new_key_id": issued.key.id, "old_key_expires_at": old.expires_at.isoformat()},
    )
    return issued


def authenticate(session: Session, token: str) -> Principal:
    """Registered with core.auth for `gk_live_` / `gk_test_` bearer tokens."""
    if not any(token_is_well_formed(token, p) for p in PREFIXES.values()):
        raise invalid_token("invalid_api_key", "The API key is not valid.")
    secret_hash = keyring_of(session).hash_secret(token)
    key = find_credential(session, ApiKey, ApiKey.secret_hash, secret_hash)
    if key is None:
        raise invalid_token("invalid_api_key", "The API key is not valid.")
    clock.set_tenant_mode(session, key.mode)  # a live key's request reads no test clock
    now = clock.real_now(session)
    state = status(key, now)
    if state == "revoked":
        raise invalid_token("api_key_revoked", "This API key has been revoked.")
    if state == "expired":
        raise invalid_token("api_key_expired", "This API key has expired.")
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        jobs.enqueue(session, touch, always=True, key_id=key.id, used_at=now.isoformat())
    return Principal(
        tenant_id=key.tenant_id,
        mode=key.mode,
        credential_type="api_key",
        credential_id=key.id,
        principal_id=key.id,
        scopes=frozenset(key.scopes.split()),
    )


@jobs.job("housekeeping", coalesce_on=("key_id",))
def touch(session: Session, *, key_id: str, used_at: str) -> None:
    """Job: record that a key was used (idempotent: only moves `last_used_at` forward)."""
    at = dt.datetime.fromisoformat(used_at)
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .where(or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < at))
        .values(last_used_at=at)
    )
