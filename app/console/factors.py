"""The second factor: TOTP (RFC 6238 with pyotp: SHA-1, 6 digits, 30-second steps) and
one-time recovery codes.

Enrolment: `start` stores a new secret (encrypted with the keyring) that is not yet in force;
`confirm` with a right code turns it on and returns `RECOVERY_CODES` codes, shown once (the
database keeps only their keyed hashes). A code is accepted for the step before, the current
and the next one (`WINDOW`, clock drift), and only once: the step it matched is remembered,
and no code of that step or an earlier one passes again (RFC 6238 §5.2). A recovery code
works once. Both are spent by a conditional UPDATE (`WHERE` the old value), so two requests
racing with one code cannot both succeed.

Time is `real_now(session)`: never a tenant's test clock (a sign-in is not business time).
"""

from __future__ import annotations

import hmac
import json
import secrets

import pyotp
import segno
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.console import users
from app.console.models import AdminUser
from app.core import time as clock
from app.core.auth import Actor
from app.core.db import keyring_of

ISSUER = "gigkit"
STEP = 30
WINDOW = 1
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def enabled(user: AdminUser) -> bool:
    return user.totp_enabled_at is not None


def start(session: Session, user: AdminUser) -> str:
    """A new secret for `user` to enrol (replacing one not yet confirmed); not yet in force."""
    if enabled(user):
        raise ValueError("two-factor sign-in is already on")
    secret = pyotp.random_base32()
    user.totp_secret = keyring_of(session).encrypt(secret, context=_context(user))
    session.flush()
    return secret


def pending_secret(session: Session, user: AdminUser) -> str | None:
    """The secret of an enrolment started and not yet confirmed, or None."""
    if enabled(user) or user.totp_secret is None:
        return None
    return _secret(session, user)


def qr_svg(user: AdminUser, secret: str) -> tuple[str, str]:
    """The `otpauth://` URI an authenticator app reads, and its QR code as inline SVG (no
    text of ours inside it: only the modules' path)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return uri, segno.make_qr(uri, error="m").svg_inline(scale=4, border=2)


def confirm(session: Session, *, user: AdminUser, code: str, actor: Actor) -> list[str] | None:
    """Turn the enrolment on with a right code: the recovery codes (to show once), or None
    for a wrong code (or no enrolment started)."""
    secret = pending_secret(session, user)
    step = None if secret is None else _matching_step(session, secret, code)
    if step is None:
        return None
    user.totp_enabled_at = clock.real_now(session)
    user.totp_last_step = step
    codes = ["-".join((c[:5], c[5:])) for c in (_random_code() for _ in range(RECOVERY_CODES))]
    user.recovery_codes = json.dumps([_code_hash(session, user, c) for c in codes])
    users.audit(session, actor=actor, action="admin_user.totp_enabled", target_id=user.id)
    return codes


def check(session: Session, *, user: AdminUser, code: str, actor: Actor) -> bool:
    """Whether `code` is a right TOTP code not used before, or an unused recovery code;
    either is spent by this check."""
    code = "".join(code.split())[:32]
    if not enabled(user) or not code:
        return False
    if code.isdigit():
        return _spend_step(session, user, code)
    return _spend_recovery_code(session, user, code, actor)


def disable(session: Session, *, user: AdminUser, code: str, actor: Actor) -> bool:
    """Turn the second factor off, given a current code (or a recovery code)."""
    if not check(session, user=user, code=code, actor=actor):
        return False
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = None
    users.audit(session, actor=actor, action="admin_user.totp_disabled", target_id=user.id)
    return True


def recovery_codes_left(user: AdminUser) -> int:
    return len(json.loads(user.recovery_codes or "[]"))


def _matching_step(session: Session, secret: str, code: str) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=STEP)
    now = int(clock.real_now(session).timestamp()) // STEP
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _spend_step(session: Session, user: AdminUser, code: str) -> bool:
    step = _matching_step(session, _secret(session, user), code)
    if step is None:
        return False
    spent = session.execute(
        update(AdminUser)
        .where(
            AdminUser.id == user.id,
            or_(AdminUser.totp_last_step.is_(None), AdminUser.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session="fetch")
    )
    return bool(spent.rowcount)  # type: ignore[attr-defined]


def _spend_recovery_code(session: Session, user: AdminUser, code: str, actor: Actor) -> bool:
    unused = json.loads(user.recovery_codes or "[]")
    wanted = _code_hash(session, user, code)
    if wanted not in unused:
        return False
    spent = session.execute(
        update(AdminUser)
        .where(AdminUser.id == user.id, AdminUser.recovery_codes == user.recovery_codes)
        .values(recovery_codes=json.dumps([h for h in unused if h != wanted]))
        .execution_options(synchronize_session="fetch")
    )
    if not spent.rowcount:  # type: ignore[attr-defined]
        return False
    users.audit(
        session,
        actor=actor,
        action="admin_user.recovery_code_used",
        target_id=user.id,
        left=len(unused) - 1,
    )
    return True


def _random_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def _code_hash(session: Session, user: AdminUser, code: str) -> str:
    normal = code.lower().replace("-", "").replace(" ", "")
    return keyring_of(session).hash_secret(f"admin-recovery:{user.id}:{normal}")


def _secret(session: Session, user: AdminUser) -> str:
    assert user.totp_secret is not None
    return keyring_of(session).decrypt(user.totp_secret, context=_context(user))


def _context(user: AdminUser) -> str:
    return f"admin-totp:{user.id}"
