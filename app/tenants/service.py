"""Tenants, their typed settings and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import NotFound
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.core.tenancy import bind_tenant, tenant_of
from app.tenants.models import ApiKey, AuditEvent, OAuthClient, Tenant
from app.tenants.settings import (
    DEFAULT_CURRENCY,
    DEFAULT_LOCALE,
    DEFAULT_TIME_ZONE,
    TenantSettings,
)

MODES = ("live", "test")
_CACHE = "tenant_settings"  # session.info key (a session never changes tenant)
_ZONE_CACHE = "time_zone"  # core.time's own cache of the tenant's zone
_CHECKED = frozenset(TenantSettings.names())


def create_tenant(
    session: Session,
    *,
    name: str,
    mode: str = "test",
    time_zone: str = DEFAULT_TIME_ZONE,
    currency: str = DEFAULT_CURRENCY,
    locale: str = DEFAULT_LOCALE,
) -> Tenant:
    """Platform operation (CLI): a new tenant; binds `session` to it. Settings are checked
    as the API checks them (`ValidationFailed`)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    checked = TenantSettings(time_zone=time_zone, locale=locale, currency=currency)
    tenant = Tenant(id=new_id("ten"), name=name, mode=mode, **_columns(checked))
    session.add(tenant)
    session.flush()
    bind_tenant(session, tenant.id)
    record_audit(
        session,
        actor=Actor("cli", None),
        action="tenant.created",
        target_type="tenant",
        target_id=tenant.id,
        data={"name": name, "mode": mode},
    )
    return tenant


def get_current(session: Session) -> Tenant:
    """The tenant the session is bound to."""
    tenant = session.get(Tenant, tenant_of(session))
    if tenant is None:
        raise NotFound("No such tenant.")
    return tenant


def settings_of(session: Session) -> TenantSettings:
    """The bound tenant's settings, read once per unit of work (and again after
    `update_current` changes them)."""
    cached = session.info.get(_CACHE)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    row = session.execute(
        select(*(getattr(Tenant, name) for name in TenantSettings.names())).where(
            Tenant.id == tenant_of(session)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("No such tenant.")
    found = session.info[_CACHE] = TenantSettings(**row._asdict())
    return found


def _columns(settings: TenantSettings) -> dict[str, str]:
    return {name: getattr(settings, name) for name in TenantSettings.names()}


def find(session: Session, tenant_id: str) -> Tenant | None:
    return session.get(Tenant, tenant_id)


def list_all(session: Session) -> list[Tenant]:
    """Platform operation: every tenant (the tenants table is not tenant-scoped)."""
    return list(session.scalars(select(Tenant).order_by(Tenant.created_at)))


def update_current(session: Session, *, actor: Actor, changes: dict[str, Any]) -> Tenant:
    """Change the name and settings; the settings that result are checked as a whole."""
    tenant = get_current(session)
    current = {name: getattr(tenant, name) for name in TenantSettings.names()}
    TenantSettings(**(current | {k: v for k, v in changes.items() if k in _CHECKED}))
    before = {k: getattr(tenant, k) for k in changes}
    for key, value in changes.items():
        setattr(tenant, key, value)
    session.flush()
    session.info.pop(_CACHE, None)
    session.info.pop(_ZONE_CACHE, None)  # the next `local_day` reads the new zone
    record_audit(
        session,
        actor=actor,
        action="tenant.updated",
        target_type="tenant",
        target_id=tenant.id,
        data={"before": before, "after": changes},
    )
    return tenant


def record_audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one line to the tenant's audit log (never secrets or personal numbers)."""
    entry = AuditEvent(
        id=new_id("aud"),
        action=action,
        actor_type=actor.type,
        actor_id=actor.id,
        request_id=actor.request_id,
        ip=actor.ip,
        target_type=target_type,
        target_id=target_id,
        data=data or {},
    )
    session.add(entry)
    return entry


def list_audit_events(
    session: Session,
    *,
    limit: int,
    cursor: Position | None = None,
    action: str | None = None,
    target_id: str | None = None,
    created_gte: dt.datetime | None = None,
    created_lt: dt.datetime | None = None,
    action_prefix: str | None = None,
    actor_type: str | None = None,
    actor_id: str | None = None,
) -> Page[AuditEvent]:
    """Newest first; every filter given must match (`action_prefix`: `api_key.` finds
    every action on API keys)."""
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if action_prefix:
        stmt = stmt.where(AuditEvent.action.startswith(action_prefix, autoescape=True))
    if actor_type:
        stmt = stmt.where(AuditEvent.actor_type == actor_type)
    if actor_id:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    if created_gte:
        stmt = stmt.where(AuditEvent.created_at >= created_gte)
    if created_lt:
        stmt = stmt.where(AuditEvent.created_at < created_lt)
    return paginate(session, stmt, AuditEvent, limit=limit, cursor=cursor)


@dataclass(frozen=True)
class Credential:
    """An API key or an OAuth client, as usage reports name them."""

    id: str
    type: str  # "api_key" | "oauth_client"
    name: str
    revoked_at: dt.datetime | None


def list_credentials(session: Session, *, since: dt.datetime, limit: int = 500) -> list[Credential]:
    """The tenant's API keys and OAuth clients, but those revoked before `since`."""
    found = []
    models: tuple[tuple[Any, str], ...] = ((ApiKey, "api_key"), (OAuthClient, "oauth_client"))
    for model, kind in models:
        rows = session.scalars(
            select(model)
            .where(or_(model.revoked_at.is_(None), model.revoked_at >= since))
            .order_by(model.created_at.desc(), model.id.desc())
            .limit(limit)
        )
        found += [Credential(row.id, kind, row.name, row.revoked_at) for row in rows]
    return found


# --- API keys, for callers outside this block (the console); `routes` calls `api_keys` ---

API_KEY_NAME_MAX = 200  # the API (`ApiKeyCreateSchema`) and the console check it
MAX_OVERLAP = dt.timedelta(days=7)  # rotation: how long an old secret may keep working


def api_key_scopes() -> dict[str, str]:
    """Every scope a key can hold, with what it allows."""
    from app.tenants.scopes import SCOPES

    return dict(SCOPES)


def list_api_keys(session: Session, *, limit: int = 100) -> list[ApiKey]:
    """The keys not revoked, newest first (at most `limit`)."""
    from app.tenants import api_keys

    return api_keys.list_(session, limit=limit).data


def get_api_key(session: Session, key_id: str) -> ApiKey:
    """A key of the bound tenant that was not revoked (NotFound otherwise)."""
    from app.tenants import api_keys

    return api_keys.get_or_raise(session, key_id)


def api_key_status(key: ApiKey) -> str:
    from app.tenants import api_keys

    return api_keys.status(key)


def create_api_key(
    session: Session,
    *,
    actor: Actor,
    name: str,
    scopes: list[str],
    expires_at: dt.datetime | None = None,
    creator_scopes: frozenset[str] | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret (shown once); audited. Refuses scopes beyond
    `creator_scopes` (ScopeEscalation) and a past expiry (ValidationFailed)."""
    from app.tenants import api_keys

    issued = api_keys.create(
        session,
        actor=actor,
        name=name,
        scopes=scopes,
        expires_at=expires_at,
        creator_scopes=creator_scopes,
    )
    return issued.key, issued.secret


def revoke_api_key(session: Session, *, actor: Actor, key_id: str) -> ApiKey:
    from app.tenants import api_keys

    return api_keys.revoke(session, actor=actor, key_id=key_id)


def rotate_api_key(
    session: Session,
    *,
    actor: Actor,
    key_id: str,
    overlap: dt.timedelta,
    creator_scopes: frozenset[str] | None = None,
) -> tuple[ApiKey, str]:
    """A new key like the old one and its secret (shown once); the old key keeps working for
    `overlap` (0 to `MAX_OVERLAP`), then expires; audited. As `POST /v1/api-keys/{id}/rotate`:
    NotFound, InvalidState (not active, or already rotated), ScopeEscalation."""
    from app.tenants import api_keys

    issued = api_keys.rotate(
        session, actor=actor, key_id=key_id, overlap=overlap, creator_scopes=creator_scopes
    )
    return issued.key, issued.secret


# --- OAuth clients, for callers outside this block (the console) ----------------------------

OAUTH_CLIENT_NAME_MAX = 200  # the API (`OAuthClientCreateSchema`) and the console check it


def list_oauth_clients(session: Session, *, limit: int = 100) -> list[OAuthClient]:
    """The clients not revoked, newest first (at most `limit`)."""
    from app.tenants import oauth_clients

    return oauth_clients.list_(session, limit=limit).data


def get_oauth_client(session: Session, client_id: str) -> OAuthClient:
    """A client of the bound tenant that was not revoked (NotFound otherwise)."""
    from app.tenants import oauth_clients

    return oauth_clients.get_or_raise(session, client_id)


def oauth_client_status(client: OAuthClient) -> str:
    from app.tenants import oauth_clients

    return oauth_clients.status(client)


def create_oauth_client(
    session: Session,
    *,
    actor: Actor,
    name: str,
    scopes: list[str],
    creator_scopes: frozenset[str] | None = None,
) -> tuple[OAuthClient, str]:
    """A new client-credentials client and its secret (shown once); audited. Refuses scopes
    beyond `creator_scopes` (ScopeEscalation)."""
    from app.tenants import oauth_clients

    issued = oauth_clients.create(
        session, actor=actor, name=name, scopes=scopes, creator_scopes=creator_scopes
    )
    return issued.client, issued.secret


def rotate_oauth_client_secret(
    session: Session,
    *,
    actor: Actor,
    client_id: str,
    overlap: dt.timedelta,
    creator_scopes: frozenset[str] | None = None,
) -> tuple[OAuthClient, str]:
    """A new secret (shown once); the previous one keeps working for `overlap` (0 to
    `MAX_OVERLAP`); audited. NotFound, ScopeEscalation as the API."""
    from app.tenants import oauth_clients

    issued = oauth_clients.rotate_secret(
        session, actor=actor, client_id=client_id, overlap=overlap, creator_scopes=creator_scopes
    )
    return issued.client, issued.secret


def revoke_oauth_client(session: Session, *, actor: Actor, client_id: str) -> OAuthClient:
    """Revoke the client and every token it holds; audited."""
    from app.tenants import oauth_clients

    return oauth_clients.revoke(session, actor=actor, client_id=client_id)
