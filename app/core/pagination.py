"""Cursor pagination: `?limit=` (1-100, default 20) and `?cursor=`.

Lists come newest first, ordered by `(created_at DESC, id DESC)` — a total order, so rows
with the same timestamp are neither skipped nor repeated. The cursor is an opaque token
holding the position of the last row of the previous page, so rows inserted meanwhile
(which sort before it) never shift later pages. The answer is
`{"data": [...], "has_more": bool, "next_cursor": str | null}`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import marshmallow as ma
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session

from app.core.ids import BODY_PATTERN
from app.core.schemas import Pattern
from app.core.time import ensure_utc

T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 200
_ID = re.compile(f"[a-z]{{2,5}}_{BODY_PATTERN}")


@dataclass(frozen=True)
class Page(Generic[T]):
    data: list[T]
    has_more: bool
    next_cursor: str | None


Position = tuple[dt.datetime, str]


def encode_cursor(created_at: dt.datetime, id_: str) -> str:
    raw = json.dumps([ensure_utc(created_at).isoformat(), id_], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str) -> Position:
    """The position in a cursor, or ValueError for anything we did not issue."""
    if not token or len(token) > MAX_CURSOR_LENGTH:
        raise ValueError("bad cursor length")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        stamp, id_ = json.loads(raw)
        created_at = dt.datetime.fromisoformat(stamp)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ValueError("malformed cursor") from exc
    if not isinstance(id_, str) or not _ID.fullmatch(id_) or created_at.tzinfo is None:
        raise ValueError("malformed cursor")
    return ensure_utc(created_at), id_


def paginate(
    session: Session, stmt: Select[Any], model: Any, *, limit: int, cursor: Position | None
) -> Page[Any]:
    """Keyset page of `stmt` (a select of `model`, already filtered)."""
    if cursor is not None:
        created_at, id_ = cursor
        stmt = stmt.where(
            or_(
                model.created_at < created_at,
                and_(model.created_at == created_at, model.id < id_),
            )
        )
    stmt = stmt.order_by(model.created_at.desc(), model.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id) if has_more else None
    return Page(rows, has_more, next_cursor)


class CursorField(ma.fields.String):
    """Query parameter `cursor`: decodes to a position; anything else is a 422 on `cursor`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        token = super()._deserialize(value, attr, data, **kwargs)
        super()._validate(token)  # the documented shape, on the token itself
        try:
            return decode_cursor(token)
        except ValueError:
            raise ma.ValidationError("Not a cursor returned by this API.") from None

    def _validate(self, value: Any) -> None:
        """Validators ran on the raw token in `_deserialize`; `value` is a position now."""


class PageQuerySchema(ma.Schema):
    """Base for every list endpoint's query string."""

    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": "Page size, 1-100."},
    )
    cursor = CursorField(
        validate=[ma.validate.Length(min=1, max=MAX_CURSOR_LENGTH), Pattern(r"^[A-Za-z0-9_-]+$")],
        metadata={"description": "`next_cursor` from the previous page (opaque)."},
    )


_page_schemas: dict[str, type[ma.Schema]] = {}


def page_schema(item: type[ma.Schema]) -> type[ma.Schema]:
    """`WorkerSchema` -> `WorkerPageSchema` with `data`, `has_more`, `next_cursor`."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (ma.Schema,),
            {
                "data": ma.fields.List(ma.fields.Nested(item), required=True),
                "has_more": ma.fields.Boolean(required=True),
                "next_cursor": ma.fields.String(required=True, allow_none=True),
            },
        )
    return _page_schemas[name]
