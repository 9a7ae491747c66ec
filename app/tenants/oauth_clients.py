"""OAuth 2.0 clients (client-credentials grant) and the access tokens issued to them.

A client id is `cli_…`; its secret `gk_cs_…` is shown once and stored as a keyed hash.
Rotating the secret keeps the previous one valid for an overlap window. Access tokens are
`gk_oat_…`, live one hour by default, carry a subset of the client's scopes, are stored only
as a keyed hash, and die with their client (revoking a client revokes its tokens).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.auth import Actor, Principal, invalid_token
from app.core.crypto import make_token, token_is_well_formed
from app.core.db import keyring_of
from app.core.errors import NotFound, ValidationFailed, field_error
from app.core.ids import is_valid, new_id
from app.core.pagination import Page, Position, paginate
from app.core.tenancy import find_credential
from app.tenants import scopes as scope_catalog
from app.tenants import service as tenants
from app.tenants.api_keys import MAX_OVERLAP, check_grantable
from app.tenants.models import OAuthClient, OAuthToken

SECRET_PREFIX = "gk_cs_"  # noqa: S105 (a prefix, not a secret)
TOKEN_PREFIX = "gk_oat_"  # noqa: S105


@dataclass(frozen=True)
class IssuedClient:
    client: OAuthClient
    secret: str

    def __getattr__(self, name: str) -> Any:  # serialise like the client itself, plus `secret`
        return getattr(self.client, name)


def create(
    session: Session,
    *,
    actor: Actor,
    name: str,
    scopes: list[str],
    creator_scopes: frozenset[str] | None = None,
) -> IssuedClient:
    check_grantable(scopes, creator_scopes)
    secret = make_token(SECRET_PREFIX)
    client = OAuthClient(
        id=new_id("cli"),
        name=name,
        scopes=scope_catalog.join(scopes),
        secret_hash=keyring_of(session).hash_secret(secret),
        secret_last4=secret[-4:],
        created_by=actor.id,
    )
    session.add(client)
    session.flush()
    tenants.record_audit(
        session,
        actor=actor,
        action="oauth_client.created",
        target_type="oauth_client",
        target_id=client.id,
        data={"name": name, "scopes": scopes},
    )
    return IssuedClient(client, secret)


def status(client: OAuthClient) -> str:
    return "revoked" if client.revoked_at is not None else "active"


def get_or_raise(session: Session, client_id: str) -> OAuthClient:
    """A client that was not revoked (revoking is deleting, as far as the API shows)."""
    client = session.scalars(
        select(OAuthClient).where(OAuthClient.id == client_id, OAuthClient.revoked_at.is_(None))
    ).one_or_none()
    if client is None:
        raise NotFound("No such OAuth client.")
    return client


def list_(session: Session, *, limit: int, cursor: Position | None = None) -> Page[OAuthClient]:
    stmt = select(OAuthClient).where(OAuthClient.revoked_at.is_(None))
    return paginate(session, stmt, OAuthClient, limit=limit, cursor=cursor)


def revoke(session: Session, *, actor: Actor, client_id: str) -> OAuthClient:
    """Revoke (delete) the client and every token it still holds; it is gone from the API."""
    client = get_or_raise(session, client_id)
    now = clock.real_now(session)
    client.revoked_at = now
    session.execute(
        update(OAuthToken)
        .where(OAuthToken.client_id == client.id, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    tenants.record_audit(
        session,
        actor=actor,
        action="oauth_client.revoked",
        target_type="oauth_client",
        target_id=client.id,
        data={"name": client.name},
    )
    return client


def rotate_secret(
    session: Session,
    *,
    actor: Actor,
    client_id: str,
    overlap: dt.timedelta,
    creator_scopes: frozenset[str] | None = None,
) -> IssuedClient:
    if not dt.timedelta(0) <= overlap <= MAX_OVERLAP:
        raise ValidationFailed(errors=[field_error("overlap_seconds", "0 to 604800 seconds.")])
    client = get_or_raise(session, client_id)
    check_grantable(client.scopes.split(), creator_scopes)
    secret = make_token(SECRET_PREFIX)
    client.previous_secret_hash = client.secret_hash if overlap else None
    client.previous_secret_expires_at = clock.real_now(session) + overlap if overlap else None
    client.secret_hash = keyring_of(session).hash_secret(secret)
    client.secret_last4 = secret[-4:]
    session.flush()
    tenants.record_audit(
        session,
        actor=actor,
        action="oauth_client.secret_rotated",
        target_type="oauth_client",
        target_id=client.id,
        data={"overlap_seconds": int(overlap.total_seconds())},
    )
    return IssuedClient(client, secret)


# --- used by the OAuth endpoints -----------------------------------------------------------


def find_for_authentication(session: Session, client_id: str) -> OAuthClient | None:
    """Look a client up by id before the tenant is known; binds the session to its tenant."""
    if not is_valid(client_id, "cli"):
        return None
    return find_credential(
        session, OAuthClient, OAuthClient.id, client_id, where=[OAuthClient.revoked_at.is_(None)]
    )


def secret_matches(session: Session, client: OAuthClient, secret: str) -> bool:
    if not token_is_well_formed(secret, SECRET_PREFIX):
        return False
    presented = keyring_of(session).hash_secret(secret)
    if hmac.compare_digest(presented, client.secret_hash):
        return True
    previous_valid = (
        client.previous_secret_hash is not None
        and client.previous_secret_expires_at is not None
        and client.previous_secret_expires_at > clock.real_now(session)
    )
    return previous_valid and hmac.compare_digest(presented, client.previous_secret_hash or "")


def save_token(
    session: Session, *, client: OAuthClient, access_token: str, scopes: str, expires_in: int
) -> OAuthToken:
    now = clock.real_now(session)
    token = OAuthToken(
        id=new_id("tok"),
        client_id=client.id,
        token_hash=keyring_of(session).hash_secret(access_token),
        scopes=scopes,
        issued_at=now,
        expires_at=now + dt.timedelta(seconds=expires_in),
    )
    client.last_used_at = now
    session.add(token)
    session.flush()
    return token


def find_token(session: Session, access_token: str, *, bind: bool = False) -> OAuthToken | None:
    """A token by value: of the session's tenant if one is bound, else of any tenant; `bind`:
    bind the session to the token's tenant (authentication)."""
    if not token_is_well_formed(access_token, TOKEN_PREFIX):
        return None
    token_hash = keyring_of(session).hash_secret(access_token)
    return find_credential(session, OAuthToken, OAuthToken.token_hash, token_hash, bind=bind)


def revoke_token(session: Session, *, actor: Actor, token: OAuthToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.real_now(session)
        session.flush()
        tenants.record_audit(
            session,
            actor=actor,
            action="oauth_token.revoked",
            target_type="oauth_token",
            target_id=token.id,
            data={"client_id": token.client_id},
        )


def authenticate(session: Session, access_token: str) -> Principal:
    """Registered with core.auth for `gk_oat_` bearer tokens."""
    token = find_token(session, access_token, bind=True)
    if token is None:
        raise invalid_token("invalid_token", "The access token is not valid.")
    if token.revoked_at is not None:
        raise invalid_token("token_revoked", "The access token has been revoked.")
    mode = tenants.get_current(session).mode
    clock.set_tenant_mode(session, mode)  # a live tenant's request reads no test clock
    if token.expires_at <= clock.real_now(session):
        raise invalid_token("token_expired", "The access token has expired; request a new one.")
    return Principal(
        tenant_id=token.tenant_id,
        mode=mode,
        credential_type="oauth_token",
        credential_id=token.id,
        principal_id=token.client_id,
        scopes=frozenset(token.scopes.split()),
    )
