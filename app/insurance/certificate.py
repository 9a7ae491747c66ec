"""A policy's certificate of insurance as a PDF (A5, Chinese or English).

- **Content** (`content`): the facts the page shows, as JSON: the policy (id, insurer, the
  insurer's status and policy number, status, currency, daily premium), the product (id,
  name, version, coverages with their sums insured) of the version it was sold under, the
  worker (id, name, masked ID card), the employer (id, name), each covered day (date,
  status, how it starts, its cover window in UTC to the second: `cover_starts_at` is null
  for a day that starts at a clock-in not made yet) and the tenant's time zone the windows
  are printed in. Its canonical JSON's SHA-256 is printed ("verification hash") and sent
  as the `Gigkit-Content-SHA256` header (`app.core.documents`).
- **Rendered on each request**, never stored: the certificate changes as days start (a
  clock-in fixes a window), are cancelled or expire, and when the insurer confirms the
  policy number. A render takes milliseconds; at most `GIGKIT_DOCUMENTS_PER_TENANT`
  renderings of a tenant run at once (beyond, 429).
- **Deterministic**: the same policy state and locale give the same bytes (`app/core/pdf.py`'s
  invariant build): two requests with nothing changed between them get identical PDFs.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from app.core import documents as core_documents
from app.core import money, ratelimit
from app.core import pdf as core_pdf
from app.insurance import policies, products
from app.insurance.certificate_labels import LABELS
from app.insurance.models import Policy
from app.parties import service as parties
from app.tenants import service as tenants

CONTENT_VERSION = 1  # part of the content: a new shape of it is a new hash
_TITLE = ParagraphStyle("certificate-title", parent=core_pdf.BODY, fontSize=13, leading=17)
_HEADING = ParagraphStyle(
    "certificate-heading", parent=core_pdf.BODY, fontSize=10, leading=13, spaceBefore=5
)
_LINE = ParagraphStyle("certificate-line", parent=core_pdf.BODY, fontSize=8, leading=11)
_SMALL = ParagraphStyle("certificate-small", parent=_LINE, fontSize=6.5, leading=8.5)


def certificate(
    session: Session, *, policy_id: str, locale: str | None = None
) -> core_documents.Document:
    """The policy's certificate in `locale` ("zh-CN" or "en"; default: the tenant's
    locale, Chinese for any zh-*, else English), rendered now (see the module docstring).
    404 for a policy of another tenant or none."""
    policy = policies.get_policy(session, policy_id)
    chosen = locale or core_documents.language(tenants.settings_of(session).locale)
    ratelimit.hold_slot(session, "documents", session.info["settings"].documents_per_tenant)
    shown = content(session, policy)
    sha = core_documents.content_sha256(shown)
    wide = core_documents.wide_font_for(shown, session.info["settings"].pdf_wide_font)
    return core_documents.Document(policy.id, chosen, sha, render(shown, sha, chosen, wide))


def content(session: Session, policy: Policy) -> dict[str, Any]:
    """The facts the certificate shows (see the module docstring), JSON-ready."""
    version = products.version_of(session, policy.product_id, policy.product_version)
    worker = parties.get_worker(session, policy.worker_id)
    employer = parties.get_employer(session, policy.employer_id)
    return {
        "v": CONTENT_VERSION,
        "policy": {
            "id": policy.id,
            "insurer": policy.insurer,
            "insurer_status": policy.insurer_status,
            "insurer_policy_number": policy.insurer_policy_number,
            "status": policy.status,
            "currency": policy.currency,
            "daily_premium": policy.daily_premium,
        },
        "product": {
            "id": policy.product_id,
            "name": version.name,
            "version": version.version,
            "coverages": [
                {"type": c["type"], "sum_insured": c["sum_insured"]} for c in version.coverages
            ],
        },
        "worker": {"id": worker.id, "name": worker.name, "id_card_masked": worker.id_card_masked},
        "employer": {"id": employer.id, "name": employer.name},
        "days": [
            {
                "day": d.day.isoformat(),
                "status": d.status,
                "starts_on": d.starts_on,
                "cover_starts_at": core_pdf.iso(d.cover_starts_at, "") or None,
                "cover_ends_at": core_pdf.iso(d.cover_ends_at, ""),
            }
            for d in sorted(policy.days, key=lambda d: d.day)
        ],
        "time_zone": tenants.settings_of(session).time_zone,
    }


def render(shown: dict[str, Any], sha: str, locale: str, wide: str | None) -> bytes:
    """The certificate as an A5 PDF in `locale` (one page for a few days; a long policy
    flows onto more). Pure and deterministic: the same arguments give the same bytes."""
    page = _Page(shown, locale, wide)
    return core_documents.a5(
        page.story(sha),
        kind="policy",
        id=shown["policy"]["id"],
        title=page.labels["title"],
        sha=sha,
        locale=locale,
    )


class _Page(core_documents.Page):
    def __init__(self, shown: dict[str, Any], locale: str, wide: str | None) -> None:
        super().__init__(LABELS[locale], locale, wide, _LINE)
        self.shown = shown
        self.policy = shown["policy"]

    def story(self, sha: str) -> list[Any]:
        policy, product = self.policy, self.shown["product"]
        worker, employer = self.shown["worker"], self.shown["employer"]
        number = (
            policy["insurer_policy_number"]
            or self.labels[
                "insurer.refused" if policy["insurer_status"] == "refused" else "insurer.pending"
            ]
        )
        story: list[Any] = [
            self.para(self.labels["title"], _TITLE),
            self.para(self.labels["as_of"], _SMALL),
            self.field("policy", policy["id"], mono=True),
            self.field("insurer", policy["insurer"]),
            self.field("insurer_policy_number", number),
            self.field("status", self.state(policy["status"])),
            self.field("worker", f"{worker['name']} ({worker['id_card_masked']})"),
            self.field("employer", employer["name"]),
            self.field("product", self.text("product_value", **product)),
            self.field("daily_premium", self.money(policy["daily_premium"])),
            self.para(self.labels["coverages"], _HEADING),
        ]
        for item in product["coverages"]:
            name = self.labels.get(f"coverage.{item['type']}", item["type"])
            story.append(self.field_raw(name, self.money(item["sum_insured"]), _LINE))
        story.append(self.para(self.text("days", zone=self.shown["time_zone"]), _HEADING))
        story += [self.field_raw(d["day"], self.window(d), _LINE) for d in self.shown["days"]]
        story += [
            Spacer(1, 2 * mm),
            self.field("content_sha256", sha, _SMALL, mono=True),
            self.para(self.labels["hash_note"], _SMALL),
        ]
        return story

    def window(self, day: dict[str, Any]) -> str:
        """A day's cover window to the second in the tenant's time zone, and its status."""
        if day["status"] == "cancelled":
            return self.labels["cancelled_day"]
        zone = self.shown["time_zone"]
        start = self.labels["at_clock_in"]
        if day["cover_starts_at"]:
            start = core_documents.local_time(day["cover_starts_at"], zone, seconds=True)
        end = core_documents.local_time(day["cover_ends_at"], zone, seconds=True)
        shown = self.text("window", start=start, end=end)
        return self.text("day_value", window=shown, status=self.state(day["status"]))

    def state(self, status: str) -> str:
        return self.labels.get(f"state.{status}", status)

    def money(self, amount: int) -> str:
        return money.format(int(amount), self.policy["currency"], self.locale)
