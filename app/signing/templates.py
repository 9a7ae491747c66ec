"""Contract templates: the built-in ones, and the tenant's own, versioned by `key`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import Conflict, NotFound
from app.core.ids import new_id
from app.core.pagination import Page, Position, paginate
from app.signing import documents
from app.signing.errors import invalid
from app.signing.models import ContractTemplate


def ensure_builtins(session: Session) -> None:
    """Give the tenant the built-in templates (version 1 of each) if it lacks them."""
    have = set(
        session.scalars(select(ContractTemplate.key).where(ContractTemplate.builtin.is_(True)))
    )
    for builtin in documents.BUILTINS:
        if builtin.key in have:
            continue
        try:
            with session.begin_nested():  # a concurrent request may add it first
                session.add(
                    ContractTemplate(
                        id=new_id("tpl"),
                        key=builtin.key,
                        version=1,
                        name=builtin.name,
                        locale=builtin.locale,
                        body=builtin.body,
                        placeholders=[dict(p) for p in builtin.placeholders],
                        builtin=True,
                    )
                )
        except IntegrityError:
            pass


def create_template(
    session: Session,
    *,
    actor: Actor,
    key: str,
    name: str,
    locale: str,
    body: str,
    placeholders: list[dict[str, Any]],
) -> ContractTemplate:
    """A new template, or the next version of the tenant's template with this `key`."""
    ensure_builtins(session)
    problems = documents.template_problems(body, placeholders)
    if problems:
        raise invalid(problems)
    latest = session.scalars(
        select(ContractTemplate)
        .where(ContractTemplate.key == key)
        .order_by(ContractTemplate.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.builtin:
        raise invalid([("key", f"{key!r} is a built-in template; choose another key.")])
    template = ContractTemplate(
        id=new_id("tpl"),
        key=key,
        version=(latest.version + 1) if latest else 1,
        name=name,
        locale=locale,
        body=body,
        placeholders=placeholders,
        builtin=False,
    )
    session.add(template)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # another version was created at the same moment
        raise Conflict("A version of this template was created meanwhile; retry.") from exc
    return template


def get_template(session: Session, template_id: str) -> ContractTemplate:
    ensure_builtins(session)
    found = session.scalars(
        select(ContractTemplate).where(ContractTemplate.id == template_id)
    ).one_or_none()
    if found is None:
        raise NotFound("No such contract template.")
    return found


def list_templates(
    session: Session, *, limit: int, cursor: Position | None = None, key: str | None = None
) -> Page[ContractTemplate]:
    ensure_builtins(session)
    stmt = select(ContractTemplate)
    if key:
        stmt = stmt.where(ContractTemplate.key == key)
    return paginate(session, stmt, ContractTemplate, limit=limit, cursor=cursor)
