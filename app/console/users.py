"""Admin users, their passwords (argon2id, argon2-cffi's defaults: RFC 9106's second
recommended parameters) and their signed-in sessions.

A session token is opaque and random (`gk_ses_…`); the database keeps only its keyed hash,
so a stolen database cannot sign anyone in and logging out ends the session for good. A
session expires `SESSION_TTL` after sign-in whatever the activity, and `IDLE_TIMEOUT` after
its last request (`last_seen_at`, written at most once every `SEEN_EVERY`).

An admin with a second factor (`factors`) gets a *pending* session after the right password
(`gk_2fa_…`, its own cookie, `PENDING_TTL`): it opens no page but the second step, which
ends it and starts the real one (`start_session`).

Login throttling: after `MAX_FAILURES` wrong passwords (or unknown emails) for one email
from one address within `FAILURE_WINDOW`, that pair is refused without checking the password
until the window has moved on; so is an address after `MAX_IP_FAILURES`, whatever the
emails (`core.ratelimit`'s storage, Redis when configured).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
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
from app.core.tenancy import bind_tenant, find_credential, find_credentials
from app.tenants import service as tenants

ROLES = ("viewer", "developer", "admin", "owner")  # each may do what the ones before may
SESSION_TTL = dt.timedelta(hours=8)
IDLE_TIMEOUT = dt.timedelta(minutes=30)
SEEN_EVERY = dt.timedelta(minutes=1)
PENDING_TTL = dt.timedelta(minutes=5)
SESSION_PREFIX = "gk_ses_"
PENDING_PREFIX = "gk_2fa_"
MIN_PASSWORD = 10
MAX_PASSWORD = 256
MAX_FAILURES = 5
FAILURE_WINDOW = "15 minutes"
_FAILURES = f"{MAX_FAILURES} per {FAILURE_WINDOW}"
MAX_IP_FAILURES = 30  # from one address, whatever the emails
_IP_FAILURES = f"{MAX_IP_FAILURES} per {FAILURE_WINDOW}"
_ATTEMPTS = f"{2 * MAX_FAILURES} per {FAILURE_WINDOW}"  # right or wrong, counted first
# refused whatever their length (with the account's own email): the first guesses of anyone
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "1q2w3e4r5t",
        "qwertyuiop",
        "1qaz2wsx3edc",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou123",
        "administrator",
        "admin123456",
        "letmein1234",
        "welcome123",
        "abc123456789",
        "qwerty123456",
        "gigkit123456",
        "changeme123",
        "a1234567890",
        "woaini1314520",
    }
)
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


def password_problem(email: str, password: str) -> str | None:
    """What is wrong with `password` for the admin `email`, as a message key
    (`password_length`, `password_is_email`, `password_common`), or None."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        return "password_length"
    folded = password.strip().lower()
    if folded == normalise(email) or folded == normalise(email).split("@")[0]:
        return "password_is_email"
    if folded in COMMON_PASSWORDS or len(set(folded)) < 3:
        return "password_common"
    return None


_PASSWORD_MESSAGES = {
    "password_length": f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters.",
    "password_is_email": "Do not use the email as the password.",
    "password_common": "This password is too easy to guess.",
}


def valid_email(email: str) -> bool:
    """An address of printable characters (no NUL, no control or format characters: a
    right-to-left override would make the team list lie)."""
    email = normalise(email)
    return (
        len(email) <= 254
        and EMAIL.fullmatch(email) is not None
        and email.isprintable()
        and not any(unicodedata.category(c) == "Cf" for c in email)
    )


def create(
    session: Session,
    *,
    actor: Actor,
    email: str,
    password: str,
    role: str,
    user_id: str | None = None,
    data: dict[str, str] | None = None,
) -> AdminUser:
    """An admin user of the tenant `session` is bound to (ValidationFailed: a malformed
    email, a weak password, an unknown role, an email already in use). `user_id`: when the
    actor is the new admin (an accepted invitation); `data`: more for the audit line."""
    email = normalise(email)
    errors = []
    if not valid_email(email):
        errors.append(field_error("email", "Not an email address."))
    problem = password_problem(email, password)
    if problem is not None:
        errors.append(field_error("password", _PASSWORD_MESSAGES[problem]))
    if role not in ROLES:
        errors.append(field_error("role", f"One of {', '.join(ROLES)}."))
    if errors:
        raise ValidationFailed(errors=errors)
    user = AdminUser(
        id=user_id or new_id("adm"),
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
        data={"role": role, **(data or {})},
    )
    return user


def audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    target_id: str,
    target_type: str = "admin_user",
    **data: str | int,
) -> None:
    """One line of the tenant's audit log about an admin user (or their invitation)."""
    tenants.record_audit(
        session,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        data=dict(data),
    )


def email_in_use(session: Session, email: str) -> bool:
    """Whether an admin of this session's tenant has this email (other tenants' admins are
    neither seen nor in the way: an email is unique in a tenant)."""
    lookup = _lookup(session, email)
    return session.scalar(select(AdminUser.id).where(AdminUser.email_lookup == lookup)) is not None


def throttled(email: str, ip: str | None) -> bool:
    """Too many failures for this email from this address, or for any emails from it (a
    password sprayed over many accounts; each guess costs an argon2 hash); or too many
    attempts, right or wrong, counted before the password is checked (`_ATTEMPTS`), so that
    guesses sent all at once cannot pass the failure check before any failure is counted."""
    key = _throttle_key(email, ip)
    return not (
        ratelimit.failures_allowed("console-login", key, _FAILURES)
        and ratelimit.failures_allowed("console-login-ip", ip or "unknown", _IP_FAILURES)
        and ratelimit.take("console-login-attempt", key, _ATTEMPTS)
    )


def _throttle_key(email: str, ip: str | None) -> str:
    return f"{normalise(email)}|{ip or 'unknown'}"


def log_in(session: Session, *, email: str, password: str, ip: str | None) -> str | None:
    """A new session's token for the right email and password (the session is then bound to
    the admin's tenant), or None; a failure counts towards the throttle. For an admin with a
    second factor, the token is a pending session's (`PENDING_PREFIX`).

    One email may have an account in several tenants: the password picks the account (each
    candidate's hash is checked; the answer takes as long for an unknown email as for an
    account). An email with the same password in several tenants signs in to the one used
    last."""
    accounts = _accounts(session, _lookup(session, email))
    right = [u for u in accounts if _verify(u.password_hash, password)]
    if not accounts:
        _verify(_DUMMY_HASH, password)
    if not right:
        ratelimit.count_failure("console-login", _throttle_key(email, ip), _FAILURES)
        ratelimit.count_failure("console-login-ip", ip or "unknown", _IP_FAILURES)
        return None
    user = max(right, key=lambda u: (u.last_login_at or u.created_at, u.id))
    bind_tenant(session, user.tenant_id)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    if user.totp_enabled_at is not None:
        return _open(session, user, ip, pending=True)
    return start_session(session, user, ip=ip)


def _accounts(session: Session, lookup: str) -> list[AdminUser]:
    """The active accounts of every tenant with this email's keyed hash."""
    return find_credentials(
        session, AdminUser, AdminUser.email_lookup, lookup, where=[AdminUser.disabled_at.is_(None)]
    )


def start_session(session: Session, user: AdminUser, *, ip: str | None) -> str:
    """Sign `user` in (all checks passed): a new session's token."""
    user.last_login_at = clock.real_now(session)
    return _open(session, user, ip, pending=False)


def _open(session: Session, user: AdminUser, ip: str | None, *, pending: bool) -> str:
    now = clock.real_now(session)
    token = make_token(PENDING_PREFIX if pending else SESSION_PREFIX)
    session.add(
        AdminSession(
            id=new_id("ses"),
            admin_user_id=user.id,
            token_hash=keyring_of(session).hash_secret(token),
            expires_at=now + (PENDING_TTL if pending else SESSION_TTL),
            last_seen_at=now,
            pending=pending,
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
    no token, an unknown, expired, idle, ended or pending session, or a disabled admin."""
    found = _find_session(session, token, SESSION_PREFIX)
    if found is None or found.pending:
        return None
    now = clock.real_now(session)
    seen = found.last_seen_at or found.created_at
    if now - seen >= IDLE_TIMEOUT:
        return None
    if now - seen >= SEEN_EVERY:
        found.last_seen_at = now
    return _with_user(session, found)


def pending_sign_in(session: Session, token: str | None) -> SignedIn | None:
    """The admin half signed in by the pending session `token` (password checked, second
    factor due), binding `session` to their tenant; None if there is none any more."""
    found = _find_session(session, token, PENDING_PREFIX)
    if found is None or not found.pending:
        return None
    return _with_user(session, found)


def _find_session(session: Session, token: str | None, prefix: str) -> AdminSession | None:
    if not token or not token.startswith(prefix) or len(token) > 100:
        return None
    found = find_credential(
        session, AdminSession, AdminSession.token_hash, keyring_of(session).hash_secret(token)
    )
    if found is None or found.ended_at is not None:
        return None
    if found.expires_at <= clock.real_now(session):
        return None
    return found


def _with_user(session: Session, found: AdminSession) -> SignedIn | None:
    user = session.scalars(
        select(AdminUser).where(
            AdminUser.id == found.admin_user_id, AdminUser.disabled_at.is_(None)
        )
    ).one_or_none()
    return None if user is None else SignedIn(user, found)


def end_sessions(session: Session, user_id: str, *, keep: str | None = None) -> None:
    """End every session of the admin `user_id` but `keep` (removed: signed out everywhere;
    a second factor turned on: everywhere else)."""
    now = clock.real_now(session)
    for row in session.scalars(
        select(AdminSession).where(
            AdminSession.admin_user_id == user_id,
            AdminSession.ended_at.is_(None),
            AdminSession.id != (keep or ""),
        )
    ):
        row.ended_at = now
    session.flush()


def factor_throttled(user_id: str) -> bool:
    """Whether the admin's second step is refused for a while (too many wrong codes, or too
    many attempts counted before the code is checked, as for passwords)."""
    return not (
        ratelimit.failures_allowed("console-factor", user_id, _FAILURES)
        and ratelimit.take("console-factor-attempt", user_id, _ATTEMPTS)
    )


def count_factor_failure(user_id: str) -> None:
    ratelimit.count_failure("console-factor", user_id, _FAILURES)


def log_out(session: Session, current: SignedIn) -> None:
    current.session.ended_at = clock.real_now(session)
    session.flush()
