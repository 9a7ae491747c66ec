"""PDF plumbing shared by every document gigkit prints (contracts, later payslips and
insurance certificates): fonts, text cleaning, the body styles, linear layout of long
text, the page footer and a deterministic build. Pure, no I/O.

- Fonts: text that fits Windows-1252 is set in Helvetica; anything else (Chinese) in the
  built-in CID font STSong-Light (Adobe-GB1, UCS-2 CMap). It is not embedded: viewers use a
  system CJK font, so no font file ships with us. STSong-Light cannot encode characters
  beyond U+FFFF (emoji, CJK Extension B) and would garble the text after them, so those are
  written as "[U+XXXXX]"; characters in neither font (e.g. Vietnamese ệ) render as missing
  glyphs. A document may pass a *wide font* (`wide_font(path)`: a TrueType file covering
  the supplementary planes, e.g. Debian's HanaMinB for CJK Extension B): the characters
  beyond U+FFFF that it covers are then set in it, embedded as a subset, and read back as
  themselves; the others still print as "[U+XXXXX]".
- Layout: A4 (or A5, `build(pagesize=...)`); CJK wrapping (per character for Chinese, per
  word for Latin, long unbroken strings such as hashes split at the margin); one flowable
  per line, long lines in pieces,
  so that rendering stays linear in the text's size. Every page's footer has a text of the
  caller's and "n / N".
- Deterministic: reportlab's invariant mode, set per document (fixed dates and file id), so
  the same inputs give the same bytes. Only the font registration touches global state.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.core.time import ensure_utc

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
MONO_FONT = "Courier"
MARGIN = 20 * mm
PAGE_SIZES = {"A4": A4, "A5": A5}

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
_WIDE_RUN = re.compile("[\U00010000-\U0010ffff]+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
PIECE = 1_500  # characters of one line laid out as one flowable


def build(
    story: list[Any],
    *,
    footer: str,
    locale: str,
    pagesize: str = "A4",
    margin: float = MARGIN,
    **info: Any,
) -> bytes:
    """The story as a PDF of `pagesize` ("A4" or "A5") with the footer on every page;
    `info`: the document's metadata (title, subject, keywords...). Deterministic."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[pagesize],
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 6 * mm,
        author="gigkit",
        creator="gigkit",
        lang=locale,
        invariant=1,
        **info,
    )
    doc.build(
        story,
        canvasmaker=lambda *a, **kw: FooterCanvas(*a, footer=clean(footer), margin=margin, **kw),
    )
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


def para(text: str, style: ParagraphStyle, *, wide: str | None = None) -> Paragraph:
    """Plain text (escaped; line breaks kept) in the font its characters need; with a `wide`
    font (`wide_font`), the characters beyond U+FFFF that it covers in that font."""
    text = clean(text, wide=wide)
    markup = "<br/>".join(_markup(line, wide) for line in text.split("\n"))
    return Paragraph(markup, in_font(style, font_for(text)))


def field(
    label: str, raw: str, style: ParagraphStyle, *, mono: bool = False, wide: str | None = None
) -> Paragraph:
    """A label (grey, with its colon) and a value; hashes and seals in a monospaced font."""
    label, raw = clean(label, wide=wide), clean(raw, wide=wide)
    value_font = MONO_FONT if mono and font_for(raw) == LATIN_FONT else font_for(raw)
    markup = (
        f'<font name="{font_for(label)}" color="#555555">{_markup(label, wide)}</font>'
        f'<font name="{value_font}">{_markup(raw, wide)}</font>'
    )
    return Paragraph(markup, in_font(style, font_for(label + raw)))


def _markup(text: str, wide: str | None) -> str:
    """Escaped text; runs of characters beyond U+FFFF (which `clean` kept: `wide` covers
    them) set in the wide font."""
    if wide is None:
        return escape(text)
    return _WIDE_RUN.sub(lambda m: f'<font name="{wide}">{m.group()}</font>', escape(text))


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


def clean(text: str, *, wide: str | None = None) -> str:
    """Text the fonts can encode: no control characters (tabs become spaces), and characters
    beyond U+FFFF (which STSong-Light's UCS-2 encoding would garble) written as [U+XXXXX],
    except those the `wide` font covers."""
    text = _CONTROL.sub("", text.replace("\t", "    "))
    covered = _WIDE_FONTS[wide].face.charToGlyph if wide is not None else {}

    def visible(m: re.Match[str]) -> str:
        char = m.group()
        return char if ord(char) in covered else f"[U+{ord(char):04X}]"

    return _NON_BMP.sub(visible, text)


_WIDE_FONTS: dict[str, _WideFont] = {}  # registered name -> font
_WIDE_LOCK = threading.Lock()


def wide_font(path: str | Path | None) -> str | None:
    """The name to pass as `wide=` for the TrueType font at `path` (registered on first use,
    once per process and path: a large font takes a tenth of a second to load), or None when
    no path is given or no file is there (characters beyond U+FFFF then print as
    [U+XXXXX])."""
    if not path or not Path(path).is_file():
        return None
    key = str(Path(path).resolve())
    with _WIDE_LOCK:
        for name, font in _WIDE_FONTS.items():
            if font.path == key:
                return name
        name = f"gigkit-wide-{len(_WIDE_FONTS) + 1}"
        font = _WideFont(name, key)
        pdfmetrics.registerFont(font)
        _WIDE_FONTS[name] = font
        return name


class _WideFont(ttfonts.TTFont):  # type: ignore[misc]
    """reportlab's TrueType font (subset, embedded), whose ToUnicode map is fixed for
    characters beyond U+FFFF: reportlab writes their code point as is (`<20BB7>`, which
    readers take for U+20BB and a stray digit) where PDF wants UTF-16 (`<D842DFB7>`).
    reportlab reads the font's format-12 cmap, so the glyphs themselves are right."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self.path = path

    def addObjects(self, doc: Any) -> None:  # reportlab's name
        state = self.state.get(doc)
        count = len(state.subsets) if state is not None else 0
        super().addObjects(doc)
        for n in range(count):
            base = b"".join((ttfonts.SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject["toUnicodeCMap:" + base.decode("pdfdoc")]
            stream.content = _UTF32_TARGET.sub(_utf16_target, stream.content)


_UTF32_TARGET = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16_target(m: re.Match[str]) -> str:
    return m.group(1) + "<" + chr(int(m.group(2), 16)).encode("utf-16-be").hex().upper() + ">"


def iso(value: dt.datetime | None, none: str) -> str:
    """ISO 8601 in UTC to the second, e.g. 2025-03-01T08:30:00Z (naive values are UTC);
    `none` when there is no value."""
    if value is None:
        return none
    return ensure_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


class FooterCanvas(canvas.Canvas):
    """Holds every page until the end, then stamps "footer ... n / N" on each."""

    def __init__(self, *args: Any, footer: str, margin: float = MARGIN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._margin = margin
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
            self.drawString(self._margin, self._margin, self._footer)
            self.setFont(LATIN_FONT, 8)
            self.drawRightString(width - self._margin, self._margin, f"{number} / {total}")
            super().showPage()
        super().save()
