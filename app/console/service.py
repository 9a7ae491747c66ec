"""The console's public face: admin users for the CLI and the demo."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.console import users
from app.console.models import AdminUser
from app.core.auth import Actor

ROLES = users.ROLES
MIN_PASSWORD = users.MIN_PASSWORD


def create_admin(
    session: Session, *, actor: Actor, email: str, password: str, role: str = "owner"
) -> AdminUser:
    """An admin user of the tenant `session` is bound to (ValidationFailed: a malformed
    email, a weak password, an unknown role, an email already in use); audited."""
    return users.create(session, actor=actor, email=email, password=password, role=role)
