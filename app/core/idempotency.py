"""`Idempotency-Key` for every POST (R-IDEM-1…10).

- The key is 1-255 printable ASCII characters, bare (`abc`) or as an RFC 8941 string
  (`"abc"`); both spell the same key. It is scoped to (tenant, credential): an API key, or an
  OAuth client across all its tokens.
- The request's fingerprint is SHA-256 over method, path (ids included) and the body (JSON
  is canonicalised: key order and whitespace do not matter).
- While a request with the key is running, another one gets 409 `idempotency_key_in_use`
  (a transaction-scoped advisory lock on PostgreSQL, taken in the statement that reads the
  stored record; an in-process lock in embedded mode).
- The stored response (status, body, Location) is written **in the same transaction** as
  the effect, so either both exist or neither does. The body is stored encrypted (it may
  hold a secret shown once, such as a new API key: a retry must still receive it). A retry
  with the same body within 24 h replays it byte for byte with `Idempotent-Replayed: true`;
  with another body it gets 422 `idempotency_error`.
- Only requests that completed are stored. A request refused before it ran (401, 403, 400,
  422 validation) or whose transaction rolled back (a domain error, a crash) stores nothing,
  and retrying it with the same key runs it again.
- After 24 h a record is ignored and replaced; `gigkit maintenance purge` deletes old ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any, cast

from flask import Response
from sqlalchemy import (
    Index,
    Integer,
    Row,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core import schedule
from app.core import time as clock
from app.core.db import Base, JSONType, TenantScoped, keyring_of, on_close
from app.core.errors import (
    IdempotencyError,
    IdempotencyInFlight,
    InvalidIdempotencyKey,
    field_error,
)
from app.core.ids import new_id
from app.core.stamps import stamped
from app.core.tenancy import tenant_of

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# How the header appears in the spec of every POST that accepts it.
OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "Any unique value (a UUID) that makes retrying this POST safe for 24 hours. "
    "See docs/errors-and-idempotency.md.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[\\x20-\\x7e]+$",
    },
}
_REPLAYED_HEADERS = ("Location",)


class IdempotencyRecord(TenantScoped, Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "principal_id", "key"),
        Index(None, "tenant_id", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    principal_id: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    fingerprint: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(200))
    response_status: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    response_headers: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = stamped()
    expires_at: Mapped[dt.datetime] = mapped_column()


def parse_key(raw: str) -> str:
    """The key from the header value, or 400 `invalid_idempotency_key`."""
    value = raw
    if len(value) >= 2 and value[0] == value[-1] == '"':  # RFC 8941 sf-string
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if not 1 <= len(value) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in value):
        raise InvalidIdempotencyKey(
            errors=[field_error(HEADER, "1-255 printable ASCII characters", "header")],
        )
    return value


def fingerprint(method: str, path: str, body: bytes) -> str:
    try:
        canonical = json.dumps(
            json.loads(body or b"null"), sort_keys=True, separators=(",", ":")
        ).encode()
    except (ValueError, RecursionError):
        canonical = body
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    """A running request's hold on a key; pass it to `complete()` with the response."""

    principal_id: str
    key: str
    fingerprint: str
    method: str
    path: str


def begin(
    session: Session, *, principal_id: str, key: str, fingerprint: str, method: str, path: str
) -> Claim | Response:
    """Claim the key for this transaction, or return the stored response to replay.

    On PostgreSQL the advisory lock and the lookup are one statement. Its snapshot is taken
    before the lock, so a request with the key that commits in between is not seen: this
    one then runs, and its `complete()` fails on the unique key (`KeyTakenMeanwhile`), which
    rolls it back; the request pipeline runs it again, and that attempt replays."""
    record = _claim(session, principal_id, key)
    if record is not None and record.expires_at <= clock.real_now(session):
        session.execute(delete(_TABLE).where(_TABLE.c.id == record.id))
        record = None
    if record is None:
        return Claim(principal_id, key, fingerprint, method, path)
    if record.fingerprint != fingerprint:
        raise IdempotencyError(
            "This Idempotency-Key was already used with a different request "
            f"({record.method} {record.path}, other parameters). Use a new key."
        )
    response = Response(
        keyring_of(session).decrypt(record.response_body, context=_context(session, record)),
        status=record.response_status,
        content_type=record.response_headers.get("Content-Type", "application/json"),
    )
    for name in _REPLAYED_HEADERS:
        if name in record.response_headers:
            response.headers[name] = record.response_headers[name]
    response.headers[REPLAYED_HEADER] = "true"
    return response


class KeyTakenMeanwhile(Exception):
    """A request with the same key committed while this one ran (see `begin`): roll back and
    run the request again, which replays it."""


def complete(session: Session, claim: Claim, response: Response, *, ttl_hours: int) -> None:
    """Store the response in the request's own transaction (not for 5xx)."""
    if response.status_code >= 500 or response.direct_passthrough:
        return
    headers = {"Content-Type": response.content_type or "application/json"}
    headers.update({n: response.headers[n] for n in _REPLAYED_HEADERS if n in response.headers})
    now = clock.real_now(session)
    row = {
        "tenant_id": tenant_of(session),
        "id": new_id("idk"),
        "principal_id": claim.principal_id,
        "key": claim.key,
        "fingerprint": claim.fingerprint,
        "method": claim.method,
        "path": claim.path,
        "response_status": response.status_code,
        "response_body": keyring_of(session).encrypt(
            response.get_data(as_text=True), context=_context(session, claim)
        ),
        "response_headers": headers,
        "created_at": now,
        "expires_at": now + dt.timedelta(hours=ttl_hours),
    }
    try:  # Core: one INSERT, without the ORM's unit of work for a row nobody reads back
        session.execute(insert(_TABLE), row)
    except IntegrityError as exc:  # (tenant, principal, key) is unique
        raise KeyTakenMeanwhile() from exc


def _context(session: Session, record: Row[Any] | Claim) -> str:
    return f"{tenant_of(session)}:idempotency:{record.principal_id}:{record.key}"


@schedule.periodic("idempotency.purge", every=3600)
def purge_expired(session: Session) -> int:
    """Delete this tenant's expired records; returns how many (hourly)."""
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= clock.real_now(session))
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- in-flight detection -------------------------------------------------------------------

_inflight: set[tuple[str, str, str]] = set()
_inflight_lock = threading.Lock()


_TABLE = cast(Table, IdempotencyRecord.__table__)
_STORED = [
    _TABLE.c[name]
    for name in (
        "id", "principal_id", "key", "fingerprint", "method", "path",
        "response_status", "response_body", "response_headers", "expires_at",
    )
]  # fmt: skip


def _claim(session: Session, principal_id: str, key: str) -> Row[Any] | None:
    """Take the key's lock for this transaction (409 `idempotency_key_in_use` if another one
    holds it) and read its stored record, if any."""
    scope = (tenant_of(session), principal_id, key)
    stored = and_(
        _TABLE.c.tenant_id == scope[0], _TABLE.c.principal_id == principal_id, _TABLE.c.key == key
    )
    if not session.info.get("is_postgres"):
        _acquire_in_process(session, scope)
        return session.execute(select(*_STORED).where(stored)).one_or_none()
    digest = hashlib.sha256("\x00".join(scope).encode()).digest()
    lock = func.pg_try_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True))
    one = select(literal(1).label("one")).subquery()  # the lock is taken with or without a record
    row = session.execute(
        select(lock.label("locked"), *_STORED).select_from(one.outerjoin(_TABLE, stored))
    ).one()
    if not row.locked:
        raise IdempotencyInFlight()
    return row if row.id is not None else None


def _acquire_in_process(session: Session, scope: tuple[str, str, str]) -> None:
    with _inflight_lock:  # embedded mode: one process, so a process-wide set is exact
        if scope in _inflight:
            raise IdempotencyInFlight()
        _inflight.add(scope)
    on_close(session, lambda: _release(scope))


def _release(scope: tuple[str, str, str]) -> None:
    with _inflight_lock:
        _inflight.discard(scope)
