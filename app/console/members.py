"""The team: a tenant's admins, invitations to join, role changes and removals, and who may
do what to whom.

- Admins and owners manage the team; only an owner grants, changes or removes `owner`.
- Nobody changes their own role or removes themselves, and the last active owner is never
  demoted or removed: a tenant always keeps someone who may do everything.
- Removing an admin disables them (`disabled_at`, the row stays for the audit log; its email
  is free again, to invite the same person back or another tenant to use it), ends
  all their sessions and revokes their open invitations (a demotion revokes those to roles
  they may no longer give); accepting checks again that the inviter may still give the role.
- An invitation is a one-time link (`gk_inv_…` in the URL, its keyed hash in the database)
  valid `INVITATION_TTL`; no email is sent, the inviter passes the link on. Accepting it
  creates the admin (`users.create`, the new admin as actor) and signs them in. An expired,
  used or revoked one is refused (410), an unknown one is not found (404).

Refusals raise `PageError` with their message's key: the page pipeline answers with that
message and rolls everything back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.console import users
from app.console.models import AdminInvitation, AdminUser
from app.console.pages import PageError
from app.core import time as clock
from app.core.auth import Actor
from app.core.crypto import make_token
from app.core.db import keyring_of
from app.core.ids import new_id
from app.core.tenancy import find_credential

INVITATION_TTL = dt.timedelta(hours=72)
INVITATION_PREFIX = "gk_inv_"


def list_members(session: Session) -> list[AdminUser]:
    return list(session.scalars(select(AdminUser).order_by(AdminUser.created_at, AdminUser.id)))


def list_invitations(session: Session) -> list[AdminInvitation]:
    """The invitations still usable: not accepted, not revoked, not expired."""
    return list(
        session.scalars(
            select(AdminInvitation)
            .where(
                AdminInvitation.accepted_at.is_(None),
                AdminInvitation.revoked_at.is_(None),
                AdminInvitation.expires_at > clock.real_now(session),
            )
            .order_by(AdminInvitation.created_at, AdminInvitation.id)
        )
    )


def grantable_roles(role: str) -> tuple[str, ...]:
    """The roles an admin of `role` may give: every one for an owner, all but `owner` for an
    admin, none below."""
    if not users.allows(role, "admin"):
        return ()
    return users.ROLES if role == "owner" else users.ROLES[:-1]


def may_manage(by: AdminUser, member: AdminUser) -> bool:
    """Whether `by` may change `member`'s role or remove them (the last-owner rule aside)."""
    return (
        member.id != by.id
        and member.disabled_at is None
        and users.allows(by.role, "admin")
        and (member.role != "owner" or by.role == "owner")
    )


def invite_problems(session: Session, *, by: AdminUser, email: str, role: str) -> dict[str, str]:
    """What is wrong with inviting `email` as `role`: {field: message key}, empty if nothing."""
    problems: dict[str, str] = {}
    if not users.valid_email(email):
        problems["email"] = "invite_email_invalid"
    elif users.email_in_use(session, email):
        problems["email"] = "invite_email_taken"
    elif _open_invitation(session, email) is not None:
        problems["email"] = "invite_already_invited"
    if role not in grantable_roles(by.role):
        problems["role"] = "invite_role_invalid"
    return problems


def invite(
    session: Session, *, actor: Actor, by: AdminUser, email: str, role: str
) -> tuple[AdminInvitation, str]:
    """A new invitation and its token (for the link, shown once). Check `invite_problems`
    first; a role `by` may not grant is refused here again (403)."""
    if role not in grantable_roles(by.role):
        raise PageError(403, "team_owner_only")
    token = make_token(INVITATION_PREFIX)
    invitation = AdminInvitation(
        id=new_id("inv"),
        email=users.normalise(email),
        role=role,
        token_hash=keyring_of(session).hash_secret(token),
        invited_by=by.id,
        expires_at=clock.real_now(session) + INVITATION_TTL,
    )
    session.add(invitation)
    session.flush()
    users.audit(
        session,
        actor=actor,
        action="admin_user.invited",
        target_id=invitation.id,
        target_type="admin_invitation",
        role=role,
    )
    return invitation, token


def revoke_invitation(
    session: Session, *, actor: Actor, by: AdminUser, invitation_id: str
) -> AdminInvitation:
    invitation = session.scalars(
        select(AdminInvitation).where(AdminInvitation.id == invitation_id)
    ).one_or_none()
    if invitation is None:
        raise PageError(404)
    if invitation.role not in grantable_roles(by.role):  # an owner's, for an admin
        raise PageError(403, "team_owner_only")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = clock.real_now(session)
        users.audit(
            session,
            actor=actor,
            action="admin_user.invitation_revoked",
            target_id=invitation.id,
            target_type="admin_invitation",
        )
    return invitation


def get_member(session: Session, user_id: str) -> AdminUser:
    """One of this tenant's admins (another tenant's, or none: 404)."""
    member = session.scalars(select(AdminUser).where(AdminUser.id == user_id)).one_or_none()
    if member is None:
        raise PageError(404)
    return member


def change_role(
    session: Session, *, actor: Actor, by: AdminUser, user_id: str, role: str
) -> AdminUser:
    member = _manageable(session, by, user_id)
    if role not in grantable_roles(by.role):
        raise PageError(403 if role in users.ROLES else 422, "team_owner_only")
    if member.role == "owner" and role != "owner":
        _keep_an_owner(session, member)
    if role != member.role:
        _end_invitations_by(session, member, keep=grantable_roles(role))
        before, member.role = member.role, role
        users.audit(
            session,
            actor=actor,
            action="admin_user.role_changed",
            target_id=member.id,
            role=role,
            previous=before,
        )
    return member


def remove(session: Session, *, actor: Actor, by: AdminUser, user_id: str) -> AdminUser:
    member = _manageable(session, by, user_id)
    if member.role == "owner":
        _keep_an_owner(session, member)
    member.disabled_at = clock.real_now(session)
    member.email_lookup = f"removed:{member.id}"  # the email is free to be invited again
    users.end_sessions(session, member.id)
    _end_invitations_by(session, member, keep=())
    users.audit(
        session, actor=actor, action="admin_user.removed", target_id=member.id, role=member.role
    )
    return member


def find_invitation(session: Session, token: str) -> AdminInvitation:
    """The invitation of the link's `token`, binding `session` to its tenant (unknown: 404;
    used, revoked or expired: 410 with the reason)."""
    found = None
    if token.startswith(INVITATION_PREFIX) and len(token) <= 100:
        found = find_credential(
            session,
            AdminInvitation,
            AdminInvitation.token_hash,
            keyring_of(session).hash_secret(token),
        )
    if found is None:
        raise PageError(404, "invitation_unknown")
    if found.accepted_at is not None:
        raise PageError(410, "invitation_used")
    if found.revoked_at is not None:
        raise PageError(410, "invitation_revoked")
    if found.expires_at <= clock.real_now(session):
        raise PageError(410, "invitation_expired")
    return found


def accept(session: Session, *, invitation: AdminInvitation, password: str, ip: str | None) -> str:
    """Create the invited admin with `password` (checked by the caller with
    `users.password_problem`) and sign them in: the session's token."""
    if users.email_in_use(session, invitation.email):
        raise PageError(409, "invite_email_taken")
    if not _inviter_may_still(session, invitation):  # removed or demoted meanwhile
        raise PageError(410, "invitation_revoked")
    user_id = new_id("adm")
    taken = session.execute(
        update(AdminInvitation)
        .where(
            AdminInvitation.id == invitation.id,
            AdminInvitation.accepted_at.is_(None),
            AdminInvitation.revoked_at.is_(None),
        )
        .values(accepted_at=clock.real_now(session))
        .execution_options(synchronize_session="fetch")
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        raise PageError(410, "invitation_used")  # accepted (or revoked) a moment ago
    user = users.create(
        session,
        actor=Actor("admin_user", user_id, None, ip),
        email=invitation.email,
        password=password,
        role=invitation.role,
        user_id=user_id,
        data={"invitation_id": invitation.id, "invited_by": invitation.invited_by},
    )
    invitation.admin_user_id = user.id
    return users.start_session(session, user, ip=ip)


def _end_invitations_by(session: Session, inviter: AdminUser, *, keep: tuple[str, ...]) -> None:
    """Revoke `inviter`'s open invitations to roles they may no longer give (removed: all):
    a link never grants more than its inviter still could."""
    session.execute(
        update(AdminInvitation)
        .where(
            AdminInvitation.invited_by == inviter.id,
            AdminInvitation.accepted_at.is_(None),
            AdminInvitation.revoked_at.is_(None),
            AdminInvitation.role.not_in(keep),
        )
        .values(revoked_at=clock.real_now(session))
        .execution_options(synchronize_session=False)
    )


def _inviter_may_still(session: Session, invitation: AdminInvitation) -> bool:
    inviter = session.scalars(
        select(AdminUser).where(AdminUser.id == invitation.invited_by)
    ).one_or_none()
    return (
        inviter is not None
        and inviter.disabled_at is None
        and invitation.role in grantable_roles(inviter.role)
    )


def _open_invitation(session: Session, email: str) -> AdminInvitation | None:
    for invitation in list_invitations(session):
        if invitation.email == users.normalise(email):
            return invitation
    return None


def _manageable(session: Session, by: AdminUser, user_id: str) -> AdminUser:
    member = get_member(session, user_id)
    if member.id == by.id:
        raise PageError(422, "team_not_yourself")
    if member.disabled_at is not None:
        raise PageError(422, "team_already_removed")
    if not may_manage(by, member):
        raise PageError(403, "team_owner_only")
    return member


def _keep_an_owner(session: Session, leaving: AdminUser) -> None:
    """Refuse (422) when `leaving` is the tenant's last active owner. The active owners' rows
    are locked, in id order, first: two owners demoting or removing each other at the same
    moment take turns, and the second sees the first's change (PostgreSQL re-reads a locked
    row that changed), so one of them is refused."""
    owners = session.scalars(
        select(AdminUser.id)
        .where(AdminUser.role == "owner", AdminUser.disabled_at.is_(None))
        .order_by(AdminUser.id)
        .with_for_update()
    ).all()
    if not [owner for owner in owners if owner != leaving.id]:
        raise PageError(422, "team_last_owner")
