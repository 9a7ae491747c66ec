"""PDF plumbing shared by every document gigkit prints (contracts, later payslips and
insurance certificates): fonts, text cleaning, the body styles, linear layout of long
text, the page footer and a deterministic build. Pure, no I/O.

- Fonts: text that fits Windows-1252 is set in Helvetica; anything else (Chinese) in the
  built-in CID font STSong-Light (Adobe-GB1, UCS-2 CMap). It is not embedded: viewers use a
  system CJK font, so no font file ships with us. STSong-Light cannot encode characters
  beyond U+FFFF (emoji, CJK Extension B) and would garble the text after them, so those are
  written as "[U+XXXXX]"; characters in neither font (e.g. Vietnamese ệ) render as missing
  glyphs.
- Layout: A4; CJK wrapping (per character for Chinese, per word for Latin, long unbroken
  strings such as hashes split at the margin); one flowable per line, long lines in pieces,
  so that rendering stays linear in the text's size. Every page's footer has a text of the
  caller's and "n / N".
- Deterministic: reportlab's invariant mode, set per document (fixed dates and file id), so
  the same inputs give the same bytes. Only the font registration touches global state.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.core.time import ensure_utc

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
MONO_FONT = "Courier"
MARGIN = 20 * mm

pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))  # once, at import (imports are locked)

BODY = ParagraphStyle(
    "gigkit-body", fontName=LATIN_FONT, fontSize=10.5, leading=16, spaceAfter=6, wordWrap="CJK"
)
BODY_LINE = ParagraphStyle("gigkit-body-line", parent=BODY, spaceAfter=0)
TITLE = ParagraphStyle("gigkit-title", parent=BODY, fontSize=16, leading=22, spaceAfter=12)
HEADING = ParagraphStyle("gigkit-heading", parent=BODY, fontSize=12, leading=18, spaceBefore=8)
FIELD = ParagraphStyle("gigkit-field", parent=BODY, fontSize=9, leading=13, spaceAfter=2)
NOTICE = ParagraphStyle("gigkit-notice", parent=BODY, textColor=colors.firebrick)

_NON_BMP = re.compile("[\U00010000-\U0010ffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
PIECE = 1_500  # characters of one line laid out as one flowable


def build(story: list[Any], *, footer: str, locale: str, **info: Any) -> bytes:
    """The story as an A4 PDF with the footer on every page; `info`: the document's
    metadata (title, subject, keywords...). Deterministic."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        author="gigkit",
        creator="gigkit",
        lang=locale,
        invariant=1,
        **info,
    )
    doc.build(story, canvasmaker=lambda *a, **kw: FooterCanvas(*a, footer=clean(footer), **kw))
    return buffer.getvalue()


def paragraphs(document: str) -> list[str]:
    """Paragraphs split on blank lines (lines of only spaces count as blank), lines kept."""
    text = document.replace("\r\n", "\n").replace("\r", "\n")
    chunks = (chunk.strip("\n") for chunk in _BLANK_LINE.split(text))
    return [chunk for chunk in chunks if chunk.strip()]


def printed_size(text: str) -> tuple[int, int]:
    """(characters, lines) of `text` as a PDF sets it: tabs as four spaces, characters
    beyond U+FFFF as `[U+XXXXX]`, `\r\n` and `\r` as line breaks. Size limits apply to this,
    not to the raw text (an emoji prints as nine characters)."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return len(clean(normalized)), normalized.count("\n") + 1


def lines(paragraph: str) -> list[Paragraph]:
    """A body paragraph as one flowable per line (the last one keeps the space after the
    paragraph), and a line longer than `PIECE` characters as pieces of that size. Small
    flowables keep rendering linear in the text's size: reportlab re-wraps a paragraph that
    spans pages from its start at every page break. (A piece ends its printed line early,
    so a line of more than about thirty printed lines shows a break every `PIECE`.)"""
    pieces = [
        line[start : start + PIECE] if line else ""
        for line in paragraph.split("\n")
        for start in range(0, max(len(line), 1), PIECE)
    ]
    return [
        para(piece, BODY if last else BODY_LINE)
        for last, piece in zip([False] * (len(pieces) - 1) + [True], pieces, strict=True)
    ]


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (escaped; line breaks kept) in the font its characters need."""
    text = clean(text)
    markup = "<br/>".join(escape(line) for line in text.split("\n"))
    return Paragraph(markup, in_font(style, font_for(text)))


def field(label: str, raw: str, style: ParagraphStyle, *, mono: bool = False) -> Paragraph:
    """A label (grey, with its colon) and a value; hashes and seals in a monospaced font."""
    label, raw = clean(label), clean(raw)
    value_font = MONO_FONT if mono and font_for(raw) == LATIN_FONT else font_for(raw)
    markup = (
        f'<font name="{font_for(label)}" color="#555555">{escape(label)}</font>'
        f'<font name="{value_font}">{escape(raw)}</font>'
    )
    return Paragraph(markup, in_font(style, font_for(label + raw)))


def in_font(style: ParagraphStyle, font: str) -> ParagraphStyle:
    if style.fontName == font:
        return style
    return ParagraphStyle(f"{style.name}-{font}", parent=style, fontName=font)


def font_for(text: str) -> str:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return CJK_FONT
    return LATIN_FONT


def clean(text: str) -> str:
    """Text the fonts can encode: no control characters (tabs become spaces), and characters
    beyond U+FFFF (which STSong-Light's UCS-2 encoding would garble) written as [U+XXXXX]."""
    text = _CONTROL.sub("", text.replace("\t", "    "))
    return _NON_BMP.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def iso(value: dt.datetime | None, none: str) -> str:
    """ISO 8601 in UTC to the second, e.g. 2025-03-01T08:30:00Z (naive values are UTC);
    `none` when there is no value."""
    if value is None:
        return none
    return ensure_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


class FooterCanvas(canvas.Canvas):
    """Holds every page until the end, then stamps "footer ... n / N" on each."""

    def __init__(self, *args: Any, footer: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFillColor(colors.grey)
            self.setFont(font_for(self._footer), 8)
            self.drawString(MARGIN, MARGIN, self._footer)
            self.setFont(LATIN_FONT, 8)
            self.drawRightString(width - MARGIN, MARGIN, f"{number} / {total}")
            super().showPage()
        super().save()
