"""A payslip as a PDF: its canonical content, rendered once per language and kept.

- **Content** (`content`): the immutable facts the page shows, as JSON: the payslip (ids,
  day worked, paid on, currency, gross, withheld, net, employer's cost, the pay lines,
  each deduction with its rule and figures, the employer's items, the payout id, and for a
  correction the payslip it corrects and why), the month-to-date and year-to-date totals
  from the employer as of the payslip (which never change afterwards), the worker (id,
  name, masked ID card), the employer (id, name) and the time zone its clock times are
  printed in. Not the payout's live status, which changes. `canonical` writes it with
  sorted keys and no whitespace, in UTF-8; its SHA-256 (`content_sha256`) is printed on
  the page and sent as the `Gigkit-Content-SHA256` header. Both languages of a payslip
  show the same facts, so they carry the same hash.
- **Rendered once** (`document`): the first request for a (payslip, locale) renders it in
  the request, synchronously: a one-page payslip takes tens of milliseconds (content and
  PDF: median 12-20 ms, at most 26 ms, on a shared 2-core machine; a process's first render
  also loads reportlab's fonts, and the wide font's first use 0.1-0.4 s more), less than a
  job's round trip, so there is no queue as for contracts. It is stored in
  `payslip_documents` (append-only) with insert-or-nothing: two first requests at once
  both render, one row is kept, and both answer the kept one. Every later request answers
  the stored bytes, never rendering again, so a payslip's PDF does not change when the
  worker's name or the tenant's settings do. At most `GIGKIT_DOCUMENTS_PER_TENANT`
  renderings of a tenant run at once (beyond, 429); stored PDFs are served without a slot.
- **Deterministic**: the same content, locale and wide font give the same bytes
  (`app/core/pdf.py`'s invariant build); the tests render twice and compare.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, undefer

from app.core import documents as core_documents
from app.core import ratelimit
from app.core.tenancy import tenant_of
from app.core.time import now
from app.parties import service as parties
from app.payslips import pdf
from app.payslips.models import Payslip, PayslipDocument
from app.payslips.reading import as_of
from app.payslips.service import get
from app.tenants import service as tenants

CONTENT_VERSION = 2  # part of the content: a new shape of it is a new hash
HASH_HEADER = core_documents.HASH_HEADER
LOCALES = core_documents.LOCALES
Document = core_documents.Document
canonical = core_documents.canonical
content_sha256 = core_documents.content_sha256
# The payslip's columns in its content (besides `day` and `paid_on`, as ISO dates): every
# immutable fact it prints; not `release_id` (internal) nor `created_at` (`paid_on` is the
# date that counts, and a time stamp's precision differs between databases).
FACTS = (
    "id",
    "corrects_id",
    "correction_reason",
    "shift_id",
    "engagement_id",
    "currency",
    "gross",
    "withheld",
    "net",
    "employer_cost",
    "pay",
    "deductions",
    "employer_items",
    "payout_id",
)


def document(session: Session, *, payslip_id: str, locale: str | None = None) -> Document:
    """The payslip's PDF in `locale` ("zh-CN" or "en"; default: the tenant's locale, Chinese
    for any zh-*, else English), rendered and stored on the first request (see the module
    docstring). 404 for a payslip of another tenant or none."""
    payslip = get(session, payslip_id)
    chosen = locale or tenant_locale(session)
    stored = _stored(session, payslip.id, chosen)
    if stored is not None:
        return stored
    ratelimit.hold_slot(session, "documents", session.info["settings"].documents_per_tenant)
    made = render(session, payslip, chosen)
    _store(session, made)
    kept = _stored(session, payslip.id, chosen)  # ours, or a concurrent request's
    return kept if kept is not None else made


def tenant_locale(session: Session) -> str:
    return core_documents.language(tenants.settings_of(session).locale)


def render(session: Session, payslip: Payslip, locale: str) -> Document:
    """Render the payslip's PDF now (what `document` stores on the first request)."""
    shown = content(session, payslip)
    sha = content_sha256(shown)
    wide = core_documents.wide_font_for(shown, session.info["settings"].pdf_wide_font)
    made = pdf.render(shown, content_sha256=sha, locale=locale, wide=wide)
    return Document(payslip.id, locale, sha, made)


def content(session: Session, payslip: Payslip) -> dict[str, Any]:
    """The facts the payslip's PDF shows (see the module docstring), JSON-ready."""
    worker = parties.get_worker(session, payslip.worker_id)
    employer = parties.get_employer(session, payslip.employer_id)
    return {
        "v": CONTENT_VERSION,
        "payslip": {name: getattr(payslip, name) for name in FACTS}
        | {"day": payslip.day.isoformat(), "paid_on": payslip.paid_on.isoformat()},
        "worker": {
            "id": worker.id,
            "name": worker.name,
            "id_card_masked": worker.id_card_masked,
        },
        "employer": {"id": employer.id, "name": employer.name},
        "time_zone": tenants.settings_of(session).time_zone,
        "totals": as_of(session, [payslip])[payslip.id],  # fixed once written: see reading
    }


def _stored(session: Session, payslip_id: str, locale: str) -> Document | None:
    row = session.scalars(
        select(PayslipDocument)
        .where(PayslipDocument.payslip_id == payslip_id, PayslipDocument.locale == locale)
        .options(undefer(PayslipDocument.pdf))
    ).one_or_none()
    if row is None:
        return None
    return Document(row.payslip_id, row.locale, row.content_sha256, row.pdf)


def _store(session: Session, made: Document) -> None:
    """Insert the rendering unless one is there already (a concurrent first request's)."""
    dialect: Any = postgresql if session.info.get("is_postgres") else sqlite
    session.execute(
        dialect.insert(PayslipDocument)
        .values(
            tenant_id=tenant_of(session),
            payslip_id=made.id,
            locale=made.locale,
            content_sha256=made.content_sha256,
            pdf=made.pdf,
            created_at=now(session),
        )
        .on_conflict_do_nothing()
    )
