"""Admin users, their passwords (argon2id, argon2-cffi's defaults: RFC 9106's second
recommended parameters) and their signed-in sessions.

A session token is opaque and random (`gk_ses_…`); the database keeps only its keyed hash,
so a stolen database cannot sign anyone in and logging out ends the session for good. A
session expires `SESSION_TTL` after sign-in, whatever the activity.

Login throttling: after `MAX_FAILURES` wrong passwords (or unknown emails) for one email
from one address within `FAILURE_WINDOW`, that pair is refused without checking the password
until the window has moved on (`core.ratelimit`'s storage, Redis when configured).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.console.models import AdminSession, AdminUser
from app.core import ratelimit
from app.core import time as clock
from app.core.auth import Actor
from app.core.crypto import make_token
from app.core.db import keyring_of
from app.core.errors import ValidationFailed, field_error
from app.core.ids import new_id
from app.core.tenancy import find_credential
from app.tenants import service as tenants

ROLES = ("viewer", "developer", "admin", "owner")  # each may do what the ones before may
SESSION_TTL = dt.timedelta(hours=8)
SESSION_PREFIX = "gk_ses_"
MIN_PASSWORD = 10
MAX_PASSWORD = 256
MAX_FAILURES = 5
FAILURE_WINDOW = "15 minutes"
_FAILURES = f"{MAX_FAILURES} per {FAILURE_WINDOW}"
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{1,63}")

_hasher = PasswordHasher()
# verified against when the email is unknown: the answer takes as long as for a known one
_DUMMY_HASH = _hasher.hash("not a password anyone has")


@dataclass(frozen=True)
class SignedIn:
    user: AdminUser
    session: AdminSession

    def actor(self, *, request_id: str | None, ip: str | None) -> Actor:
        return Actor("admin_user", self.user.id, request_id, ip)


def allows(role: str, needed: str) -> bool:
    return ROLES.index(role) >= ROLES.index(needed)


def _lookup(session: Session, email: str) -> str:
    return keyring_of(session).hash_secret("admin-email:" + normalise(email))


def normalise(email: str) -> str:
    return email.strip().lower()


def create(session: Session, *, actor: Actor, email: str, password: str, role: str) -> AdminUser:
    """An admin user of the tenant `session` is bound to (ValidationFailed: a malformed
    email, a weak password, an unknown role, an email already in use)."""
    email = normalise(email)
    errors = []
    if len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append(field_error("email", "Not an email address."))
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        errors.append(field_error("password", f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters."))
    if role not in ROLES:
        errors.append(field_error("role", f"One of {', '.join(ROLES)}."))
    if errors:
        raise ValidationFailed(errors=errors)
    user = AdminUser(
        id=new_id("adm"),
        email=email,
        email_lookup=_lookup(session, email),
        password_hash=_hasher.hash(password),
        role=role,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:
        raise ValidationFailed(
            errors=[field_error("email", "This email already has a console account.")]
        ) from None
    tenants.record_audit(
        session,
        actor=actor,
        action="admin_user.created",
        target_type="admin_user",
        target_id=user.id,
        data={"role": role},
    )
    return user


def throttled(email: str, ip: str | None) -> bool:
    return not ratelimit.failures_allowed("console-login", _throttle_key(email, ip), _FAILURES)


def _throttle_key(email: str, ip: str | None) -> str:
    return f"{normalise(email)}|{ip or 'unknown'}"


def log_in(session: Session, *, email: str, password: str, ip: str | None) -> str | None:
    """A new session's token for the right email and password (the session is then bound to
    the admin's tenant), or None; a failure counts towards the throttle."""
    user = find_credential(
        session,
        AdminUser,
        AdminUser.email_lookup,
        _lookup(session, email),
        where=[AdminUser.disabled_at.is_(None)],
    )
    right = _verify(user.password_hash if user is not None else _DUMMY_HASH, password)
    if user is None or not right:
        ratelimit.count_failure("console-login", _throttle_key(email, ip), _FAILURES)
        return None
    now = clock.real_now(session)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = now
    token = make_token(SESSION_PREFIX)
    session.add(
        AdminSession(
            id=new_id("ses"),
            admin_user_id=user.id,
            token_hash=keyring_of(session).hash_secret(token),
            expires_at=now + SESSION_TTL,
            ip=ip,
        )
    )
    session.flush()
    return token


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False


def signed_in(session: Session, token: str | None) -> SignedIn | None:
    """The admin whose session `token` is (binding `session` to their tenant), or None for
    no token, an unknown, expired or ended session, or a disabled admin."""
    if not token or not token.startswith(SESSION_PREFIX) or len(token) > 100:
        return None
    found = find_credential(
        session, AdminSession, AdminSession.token_hash, keyring_of(session).hash_secret(token)
    )
    if found is None or found.ended_at is not None:
        return None
    if found.expires_at <= clock.real_now(session):
        return None
    user = session.scalars(
        select(AdminUser).where(
            AdminUser.id == found.admin_user_id, AdminUser.disabled_at.is_(None)
        )
    ).one_or_none()
    return None if user is None else SignedIn(user, found)


def log_out(session: Session, current: SignedIn) -> None:
    current.session.ended_at = clock.real_now(session)
    session.flush()
