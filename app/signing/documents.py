"""Template bodies: typed `{{placeholders}}`, their checks, rendering, and the built-in
templates every tenant has (a Chinese gig-work agreement, an English one, and the
rescission agreements that undo a completed contract).

Placeholder types: values the caller gives (`text`, `integer`, `money` in minor units,
`date` as YYYY-MM-DD) and party fields filled from the contract's signers (`worker.name`,
`worker.mobile` and `worker.id_card` masked, `employer.name`, `employer.credit_code`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import money
from app.core.money import MAX_AMOUNT
from app.signing.pdf import printed_size

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
VALUE_TYPES = ("text", "integer", "money", "date")
PARTY_TYPES = (
    "worker.name",
    "worker.mobile",
    "worker.id_card",
    "employer.name",
    "employer.credit_code",
)
TYPES = VALUE_TYPES + PARTY_TYPES
MAX_TEXT = 500
# What a contract needs, and what bounds the cost of its PDF (well under a second): a
# template body of at most 20,000 characters, a filled-in document of at most 30,000
# characters (some 15 A4 pages of Chinese) and 2,000 lines, counted as printed
# (`pdf.printed_size`: an emoji prints as nine characters, `\r` breaks a line).
MAX_BODY_CHARS = 20_000
MAX_DOCUMENT_CHARS = 30_000
MAX_LINES = 2_000
LOCALES = ("zh-CN", "en")


def used_names(body: str) -> list[str]:
    """Placeholder names in order of first use."""
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(body)))


def template_problems(
    body: str, placeholders: Sequence[Mapping[str, Any]]
) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with a template; empty when it is usable."""
    problems: list[tuple[str, str]] = []
    declared: dict[str, str] = {}
    for i, item in enumerate(placeholders):
        name, type_ = item["name"], item["type"]
        if not NAME.match(name):
            problems.append(
                (
                    f"placeholders.{i}.name",
                    "Lower-case letters, digits and _, starting with a letter.",
                )
            )
        elif name in declared:
            problems.append((f"placeholders.{i}.name", f"{name!r} is declared twice."))
        if type_ not in TYPES:
            problems.append(
                (
                    f"placeholders.{i}.type",
                    f"Unknown placeholder type {type_!r}; one of: {', '.join(TYPES)}.",
                )
            )
        declared[name] = type_
    chars, lines = printed_size(body)
    if len(body) > MAX_BODY_CHARS or chars > MAX_BODY_CHARS or lines > MAX_LINES:
        problems.append(("body", f"At most {MAX_BODY_CHARS:,} characters and {MAX_LINES:,} lines."))
    used = used_names(body)
    for name in used:
        if name not in declared:
            problems.append(("body", f"{{{{{name}}}}} is not declared in `placeholders`."))
    for i, item in enumerate(placeholders):
        if item["name"] not in used:
            problems.append((f"placeholders.{i}.name", f"{item['name']!r} is not used in `body`."))
    return problems


def size_problem(document: str) -> str | None:
    """Why a filled-in document is too large for a contract, or None."""
    chars, lines = printed_size(document)
    if chars > MAX_DOCUMENT_CHARS or lines > MAX_LINES:
        return (
            f"The filled-in document prints as {chars:,} characters and {lines:,} lines; a "
            f"contract holds at most {MAX_DOCUMENT_CHARS:,} characters and {MAX_LINES:,} "
            "lines (an emoji prints as nine characters)."
        )
    return None


@dataclass(frozen=True)
class Party:
    """What party placeholders may show of a signer."""

    type: str  # worker | employer
    name: str
    mobile: str | None = None
    id_card_masked: str | None = None
    credit_code: str | None = None


def value_problems(
    placeholders: Sequence[Mapping[str, Any]], values: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(field, message) for missing, mistyped or unknown variables."""
    problems = []
    wanted = {p["name"]: p["type"] for p in placeholders if p["type"] in VALUE_TYPES}
    for name in values:
        if name not in wanted:
            problems.append(
                (
                    f"variables.{name}",
                    "Not a placeholder of this template (or filled from a signer).",
                )
            )
    for name, type_ in wanted.items():
        if name not in values:
            problems.append((f"variables.{name}", f"Missing ({type_})."))
        elif (message := _type_problem(type_, values[name])) is not None:
            problems.append((f"variables.{name}", message))
    return problems


def _type_problem(type_: str, value: Any) -> str | None:
    if type_ == "text":
        if not isinstance(value, str) or not value.strip():
            return "Must be a non-empty string."
        if len(value) > MAX_TEXT:
            return f"At most {MAX_TEXT} characters."
        if any((ord(c) < 32 and c not in "\n\t") or 0xD800 <= ord(c) <= 0xDFFF for c in value):
            return "Must not contain control characters."
        return None
    if type_ in ("integer", "money"):
        if isinstance(value, bool) or not isinstance(value, int):
            return "Must be an integer" + (" (minor units, e.g. fen)." if type_ == "money" else ".")
        if type_ == "money" and not 0 <= value <= MAX_AMOUNT:
            return "Must be between 0 and 10^15 minor units."
        if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
            return "Must be between -10^15 and 10^15."
        return None
    if type_ == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "Must be a date, YYYY-MM-DD."
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "Not a calendar date."
        return None
    return f"Unknown type {type_!r}."  # pragma: no cover (templates are checked first)


def render(
    body: str,
    placeholders: Sequence[Mapping[str, Any]],
    values: Mapping[str, Any],
    parties: Mapping[str, Party],
    *,
    locale: str,
    currency: str,
) -> str:
    """The document text. Call after `value_problems` found nothing; `parties` maps
    `worker`/`employer` to the first signer of that type."""
    types = {p["name"]: p["type"] for p in placeholders}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        type_ = types[name]
        if type_ in PARTY_TYPES:
            kind, field = type_.split(".")
            return _party_field(parties[kind], field)
        return _format(type_, values[name], locale=locale, currency=currency)

    return PLACEHOLDER.sub(fill, body)


def party_kinds(placeholders: Sequence[Mapping[str, Any]]) -> set[str]:
    """The signer types the template's party placeholders need."""
    return {p["type"].split(".")[0] for p in placeholders if p["type"] in PARTY_TYPES}


def _party_field(party: Party, field: str) -> str:
    if field == "name":
        return party.name
    if field == "mobile":
        return _mask_mobile(party.mobile or "")
    if field == "id_card":
        return party.id_card_masked or ""
    return party.credit_code or ""


def _mask_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[7:] if len(mobile) == 11 else mobile


def _format(type_: str, value: Any, *, locale: str, currency: str) -> str:
    if type_ == "money":
        return money.format(value, currency, locale)
    if type_ == "date":
        day = dt.date.fromisoformat(value)
        if locale == "zh-CN":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {day:%B} {day.year}"
    return str(value)


# --- built-in templates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Builtin:
    key: str
    name: str
    locale: str
    body: str
    placeholders: tuple[dict[str, str], ...]


def _builtin(key: str, name: str, locale: str, placeholders: tuple[dict[str, str], ...]) -> Builtin:
    body = (Path(__file__).parent / "builtin" / f"{key}.txt").read_text(encoding="utf-8")
    return Builtin(key, name, locale, body.strip(), placeholders)


def _ph(*items: tuple[str, str, str]) -> tuple[dict[str, str], ...]:
    return tuple({"name": n, "type": t, "label": label} for n, t, label in items)


GIG_WORK_PLACEHOLDERS = _ph(
    ("employer_name", "employer.name", "Employer (party A)"),
    ("employer_credit_code", "employer.credit_code", "Employer's unified social credit code"),
    ("worker_name", "worker.name", "Worker (party B)"),
    ("worker_id_card", "worker.id_card", "Worker's ID-card number (masked)"),
    ("worker_mobile", "worker.mobile", "Worker's mobile (masked)"),
    ("work_date", "date", "Day of work"),
    ("work_site", "text", "Where the work is done"),
    ("job", "text", "The job"),
    ("working_hours", "text", "Working hours, e.g. 08:00-17:00"),
    ("wage", "money", "Pay for the day, in minor units"),
    ("insurance", "text", "Accident insurance in force during the work"),
    ("dispute_venue", "text", "Where disputes go if negotiation fails"),
)

GIG_WORK_ZH = _builtin("gig_work_zh", "零工劳务协议", "zh-CN", GIG_WORK_PLACEHOLDERS)

GIG_WORK_EN = _builtin("gig_work_en", "Gig work agreement", "en", GIG_WORK_PLACEHOLDERS)

RESCISSION_PLACEHOLDERS = _ph(
    ("original_contract", "text", "The contract rescinded: its id"),
    ("original_title", "text", "Its title"),
    ("original_sha256", "text", "Its document's SHA-256"),
    ("reason", "text", "Why it is rescinded"),
)

RESCISSION_ZH = _builtin("rescission_zh", "解除协议", "zh-CN", RESCISSION_PLACEHOLDERS)

RESCISSION_EN = _builtin("rescission_en", "Rescission agreement", "en", RESCISSION_PLACEHOLDERS)

BUILTINS = (GIG_WORK_ZH, GIG_WORK_EN, RESCISSION_ZH, RESCISSION_EN)
RESCISSION = {"zh-CN": RESCISSION_ZH, "en": RESCISSION_EN}
