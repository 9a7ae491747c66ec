"""Tenant rules: immutable, effective-dated versions of a tenant's business rules.

A block declares a kind of rule once, with the marshmallow schema of its body; a tenant's
versions of it are rows that never change, each in force from its `valid_from` day (a
calendar day in the tenant's time zone) until the next version's:

    WITHHOLDING = rules.declare("payslips.withholding", schema=WithholdingSchema)
    rules.put(session, WITHHOLDING, {"rate": "0.03"}, valid_from=day, actor=actor)
    rules.get(session, WITHHOLDING, on=local_day(session, clock_out_at)).body
    rules.history(session, WITHHOLDING)

Entities: `TenantRule` (one version: kind, version number, valid_from, body, who and when).
Invariants:
- A version never changes and is never deleted: the application role may only SELECT and
  INSERT, and on PostgreSQL a trigger refuses UPDATE and DELETE for every role.
- Per tenant and kind, no two versions share a `valid_from` (unique) or a number (unique;
  numbers count 1, 2, 3... in the order versions were written).
- `get(on=day)` is the version with the latest `valid_from <= day`; before the first one,
  the kind's declared default (version 0), else `RuleNotInForce`.
- No version changes the rule in force on a day that has begun: `valid_from` is tomorrow or
  later, or today when no version (and no default) is in force today. Payslips computed on
  a day keep matching the rule the history says was in force on it (`RuleBackdated`).
- A body is stored as the schema dumps it, and must load back to the value it came from.
See docs/rules.md.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from sqlalchemy import CheckConstraint, Date, Integer, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.auth import Actor
from app.core.db import Base, JSONType, TenantScoped, take_turns
from app.core.errors import Conflict, ValidationFailed, field_error
from app.core.ids import new_id
from app.core.tenancy import tenant_of
from app.core.time import local_day, now, tenant_zone

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
KIND_MAX_LENGTH = 64
_CACHE = "rules"  # session.info: kind -> its versions, by valid_from (one unit of work)


class TenantRule(TenantScoped, Base):
    """One version of one kind of rule. Never updated, never deleted."""

    __tablename__ = "tenant_rules"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "valid_from"),
        UniqueConstraint("tenant_id", "kind", "version"),
        CheckConstraint("version >= 1", name="version"),
        {"info": {"append_only": True}},
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(KIND_MAX_LENGTH))
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[dict[str, Any]] = mapped_column(JSONType)
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column()


class RuleNotInForce(Conflict):
    """No version of this rule is in force on that day, and its kind has no default."""

    code = "rule_not_in_force"


class RuleBackdated(ValidationFailed):
    """A new version would change the rule in force on a day that has already begun."""

    code = "rule_backdated"


class RuleVersionExists(Conflict):
    """A version of this rule already takes effect on that day; versions never change."""

    code = "rule_version_exists"


class RuleConflict(Conflict):
    """Another version of this rule was written at the same moment; retry."""

    code = "rule_conflict"


@dataclass(frozen=True)
class Kind:
    name: str
    schema: ma.Schema
    description: str
    default: Any  # the loaded default body, or None


@dataclass(frozen=True)
class RuleVersion:
    """A version as the schema loads it. The declared default is version 0, with no
    `valid_from`, `id` or author."""

    kind: str
    version: int
    valid_from: dt.date | None
    body: Any
    id: str | None = None
    created_at: dt.datetime | None = None
    actor: Actor | None = None


KINDS: dict[str, Kind] = {}


def declare(
    kind: str,
    *,
    schema: ma.Schema | type[ma.Schema],
    description: str = "",
    default: dict[str, Any] | None = None,
) -> str:
    """Register a kind of rule (dotted `[a-z0-9_]` segments, the owning block first) and the
    schema that validates its bodies; returns the kind. `default`, if given, is the rule in
    force before a tenant's first version (checked by the schema now)."""
    if len(kind) > KIND_MAX_LENGTH or not KIND_PATTERN.match(kind):
        raise ValueError(f"bad rule kind {kind!r}")
    instance = schema() if isinstance(schema, type) else schema
    if not isinstance(instance, ma.Schema):
        raise TypeError(f"rule kind {kind!r}: schema must be a marshmallow Schema")
    known = KINDS.get(kind)
    if known is not None and type(known.schema) is not type(instance):
        raise ValueError(f"rule kind {kind!r} is already declared with another schema")
    declared = Kind(kind, instance, description, None)
    if default is not None:  # checked as a version would be
        declared = Kind(kind, instance, description, _loaded(declared, _stored(declared, default)))
    KINDS[kind] = declared
    return kind


def get(session: Session, kind: str, *, on: dt.date | None = None) -> RuleVersion:
    """The version of `kind` in force on the tenant's calendar day `on` (default: today)."""
    day = _day(on) if on is not None else local_day(session)
    found = _in_force(session, _kind(kind), day)
    if found is None:
        raise RuleNotInForce(
            f"No {kind} rule is in force on {day.isoformat()}: put a version valid from "
            "that day or earlier."
        )
    return found


def history(session: Session, kind: str) -> list[RuleVersion]:
    """Every version of `kind` the tenant has written, in `valid_from` order."""
    return _timeline(session, _kind(kind)).all()


def put(
    session: Session,
    kind: str,
    body: Any,
    *,
    valid_from: dt.date,
    actor: Actor,
) -> RuleVersion:
    """Add a version of `kind`, in force from `valid_from` until the next version's day.
    Raises `ValidationFailed` (the body), `RuleBackdated` (a day that has begun) or
    `RuleVersionExists` (that day already has one, possibly written at the same moment).

    Writers of one tenant's kind take turns (a transaction-scoped advisory lock on
    PostgreSQL; SQLite has one writer at a time), so each sees the versions the previous
    one committed; the unique constraints back that up."""
    declared = _kind(kind)
    day = _day(valid_from)
    stored = _stored(declared, body)
    _take_turn(session, kind)
    _refuse_backdating(session, declared, day)
    _refuse_duplicate(session, declared, day)
    row = TenantRule(
        id=new_id("rul"),
        kind=kind,
        version=_next_number(session, kind),
        valid_from=day,
        body=stored,
        actor_type=actor.type,
        actor_id=actor.id,
        request_id=actor.request_id,
        created_at=now(session),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:  # a writer that did not take its turn
        _forget(session, kind)
        _refuse_duplicate(session, declared, day)
        raise RuleConflict(
            f"Another version of {kind} was written at the same moment; retry."
        ) from exc
    _forget(session, kind)
    return _version(declared, row)


# --- internals ----------------------------------------------------------------------------


def _take_turn(session: Session, kind: str) -> None:
    take_turns(session, [f"tenant_rules:{tenant_of(session)}:{kind}"])
    _forget(session, kind)  # read what the previous writer committed


def _forget(session: Session, kind: str) -> None:
    session.info.get(_CACHE, {}).pop(kind, None)


def _kind(kind: str) -> Kind:
    declared = KINDS.get(kind)
    if declared is None:
        raise LookupError(f"rule kind {kind!r} is not declared")
    return declared


def _day(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError("a rule's day is a calendar date (datetime.date), not an instant")
    return value


def _loaded(declared: Kind, body: Any) -> Any:
    try:
        return declared.schema.load(body)
    except ma.ValidationError as exc:
        errors = [field_error(f"body.{path}", message) for path, message in _flat(exc.messages)]
        raise ValidationFailed(f"Not a valid {declared.name} rule.", errors=errors) from exc


def _flat(messages: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [
            item
            for key, value in messages.items()
            for item in _flat(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path or "_schema", " ".join(messages))]
    if isinstance(messages, list):
        return [item for value in messages for item in _flat(value, path)]
    return [(path or "_schema", str(messages))]


def _stored(declared: Kind, body: Any) -> dict[str, Any]:
    """The body as stored: the schema's dump of what it loads, which must be JSON and load
    back unchanged (else history would read differently from what was validated: a schema
    bug)."""
    loaded = _loaded(declared, body)
    dumped = declared.schema.dump(loaded)
    try:
        json.dumps(dumped, allow_nan=False)
        same = declared.schema.load(dumped) == loaded
    except (TypeError, ValueError, ma.ValidationError) as exc:
        raise TypeError(f"rule kind {declared.name!r}: its schema dumps no loadable JSON") from exc
    if not same:
        raise TypeError(f"rule kind {declared.name!r}: its schema's dump loads back differently")
    return dict(dumped)


def _refuse_backdating(session: Session, declared: Kind, day: dt.date) -> None:
    today = local_day(session)
    earliest = today
    if _in_force(session, declared, today) is not None:
        earliest = today + dt.timedelta(days=1)
    if day < earliest:
        raise RuleBackdated(
            f"A {declared.name} version valid from {day.isoformat()} would change the rule "
            f"of days that have begun (it is {today.isoformat()} in {tenant_zone(session).key}),"
            f" which payslips were computed from: the earliest is {earliest.isoformat()}.",
            errors=[field_error("valid_from", f"On or after {earliest.isoformat()}.")],
        )


def _refuse_duplicate(session: Session, declared: Kind, day: dt.date) -> None:
    timeline = _timeline(session, declared)
    if day in timeline.days:
        taken = timeline.rows[timeline.days.index(day)]
        raise RuleVersionExists(
            f"Version {taken.version} of {declared.name} already takes effect on "
            f"{day.isoformat()}, and versions never change: put one valid from another day.",
            existing_id=taken.id,
        )


def _next_number(session: Session, kind: str) -> int:
    rows = session.scalars(
        select(TenantRule.version)
        .where(TenantRule.kind == kind)
        .order_by(TenantRule.version.desc())
        .limit(1)
    ).first()
    return (rows or 0) + 1


def _in_force(session: Session, declared: Kind, day: dt.date) -> RuleVersion | None:
    found = _timeline(session, declared).on(day)
    if found is None and declared.default is not None:  # a copy: every tenant shares it
        return RuleVersion(declared.name, 0, None, copy.deepcopy(declared.default))
    return found


class _Timeline:
    """A kind's versions in one unit of work, by valid_from: read with one query, each
    body loaded through the schema when first asked for."""

    def __init__(self, declared: Kind, rows: list[Any]) -> None:
        self.declared = declared
        self.rows = rows
        self.days: list[dt.date] = [row.valid_from for row in rows]
        self._versions: dict[int, RuleVersion] = {}

    def on(self, day: dt.date) -> RuleVersion | None:
        position = bisect.bisect_right(self.days, day)
        return self.at(position - 1) if position else None

    def at(self, index: int) -> RuleVersion:
        found = self._versions.get(index)
        if found is None:
            found = self._versions[index] = _version(self.declared, self.rows[index])
        return found

    def all(self) -> list[RuleVersion]:
        return [self.at(i) for i in range(len(self.rows))]


_COLUMNS = (
    TenantRule.id,
    TenantRule.kind,
    TenantRule.version,
    TenantRule.valid_from,
    TenantRule.body,
    TenantRule.actor_type,
    TenantRule.actor_id,
    TenantRule.request_id,
    TenantRule.created_at,
)


def _timeline(session: Session, declared: Kind) -> _Timeline:
    """The tenant's versions of the kind: one query per unit of work."""
    cache: dict[str, _Timeline] = session.info.setdefault(_CACHE, {})
    found = cache.get(declared.name)
    if found is None:
        rows = session.execute(
            select(*_COLUMNS)
            .where(TenantRule.kind == declared.name)
            .order_by(TenantRule.valid_from)
        ).all()
        found = cache[declared.name] = _Timeline(declared, list(rows))
    return found


def _version(declared: Kind, row: Any) -> RuleVersion:
    """A stored version (a `TenantRule` or a row of its columns), its body loaded."""
    try:
        body = declared.schema.load(row.body)
    except ma.ValidationError as exc:  # the schema lost the ability to read its own history
        raise RuntimeError(
            f"rule {row.id} ({declared.name} v{row.version}) no longer loads: {exc.messages}"
        ) from exc
    return RuleVersion(
        kind=row.kind,
        version=row.version,
        valid_from=row.valid_from,
        body=body,
        id=row.id,
        created_at=row.created_at,
        actor=Actor(row.actor_type, row.actor_id, row.request_id),
    )
