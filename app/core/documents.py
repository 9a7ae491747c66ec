"""What every printed document shares besides its layout (`app/core/pdf.py`): the
language, the canonical content and its hash, the wide font when the content needs it, the
page's small pieces, and the HTTP answer.

- **Language**: "zh-CN" for any Chinese tag (`zh`, `zh-Hans-CN`, any case), else "en"
  (`language`); the query's `locale` is `app.core.schemas.DocumentQuerySchema`.
- **Content hash**: a document prints, and its response repeats as `Gigkit-Content-SHA256`,
  the SHA-256 of its content as canonical JSON (sorted keys, no whitespace, non-ASCII as
  itself, UTF-8): whoever holds the JSON can check the page.
- **Pieces** (`Page`): a label and its value, a paragraph, a labelled text, an instant in
  the tenant's time zone with its offset, in the document's labels and fonts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.core import pdf as core_pdf

HASH_HEADER = "Gigkit-Content-SHA256"
LOCALES = ("zh-CN", "en")
A5_MARGIN = 10 * mm


@dataclass(frozen=True)
class Document:
    """A rendered document: whose it is (`id`), its language, its content hash, the PDF."""

    id: str
    locale: str
    content_sha256: str
    pdf: bytes


def language(tag: str) -> str:
    """The document language for a locale tag: zh-CN for any Chinese one, else en."""
    return "zh-CN" if tag.lower().startswith("zh") else "en"


def canonical(content: dict[str, Any]) -> bytes:
    """The content as canonical JSON: sorted keys, no whitespace, non-ASCII as itself,
    UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_sha256(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def wide_font_for(content: dict[str, Any], path: str | None) -> str | None:
    """The wide font (`core_pdf.wide_font(path)`) when the content has a character beyond
    U+FFFF, else None: the 30 MB font is loaded into a process only for a text that needs it."""
    if any(ord(char) > 0xFFFF for char in canonical(content).decode()):
        return core_pdf.wide_font(path)
    return None


class Page:
    """A document's small pieces in its `labels` (one language's words, with its `colon`)
    and fonts (`wide`: see `core_pdf.wide_font`); `line`: the style of a field by default."""

    def __init__(
        self, labels: dict[str, str], locale: str, wide: str | None, line: ParagraphStyle
    ) -> None:
        self.labels = labels
        self.locale = locale
        self.zh = locale == "zh-CN"
        self.wide = wide
        self.line = line

    def para(self, text: str, style: ParagraphStyle) -> Any:
        return core_pdf.para(text, style, wide=self.wide)

    def field(
        self, key: str, value: str, style: ParagraphStyle | None = None, mono: bool = False
    ) -> Any:
        return self.field_raw(self.labels[key], value, style or self.line, mono=mono)

    def field_raw(self, label: str, value: str, style: ParagraphStyle, mono: bool = False) -> Any:
        return core_pdf.field(label + self.labels["colon"], value, style, mono=mono, wide=self.wide)

    def text(self, key: str, **values: Any) -> str:
        return self.labels[key].format(**values)


def a5(story: list[Any], *, kind: str, id: str, title: str, sha: str, locale: str) -> bytes:
    """A `kind` of document (payslip, policy) on A5, its `id` in the footer and the PDF's
    metadata with its content hash. Deterministic (`core_pdf.build`)."""
    return core_pdf.build(
        story,
        footer=id,
        locale=locale,
        pagesize="A5",
        margin=A5_MARGIN,
        title=f"{title} {id}",
        subject=id,
        keywords=[f"gigkit-{kind}-id:{id}", f"gigkit-content-sha256:{sha}"],
    )


def local_time(value: str | None, zone: str, *, seconds: bool = False) -> str:
    """An instant (ISO 8601) in the time zone `zone`, with its offset:
    `2027-03-02 07:00 (+08:00)`, or to the second `2027-03-02 07:00:00 (+08:00)`; "-" for
    none."""
    if not value:
        return "-"
    local = dt.datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{shown} ({offset[:3]}:{offset[3:]})"


def pdf_responses(description: str) -> dict[str, Any]:
    """The spec's 200 of a PDF route: the document and its `Gigkit-Content-SHA256`."""
    return {
        "200": {
            "description": description,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                HASH_HEADER: {
                    "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "description": "SHA-256 (hex) of the canonical content, as printed on the page",
                }
            },
        }
    }


def pdf_answer(body: bytes, filename: str, sha: str) -> Response:
    """The PDF inline, named `filename`, with its content hash."""
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', HASH_HEADER: sha},
    )
