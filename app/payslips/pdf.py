"""A payslip's PDF: one A5 page, in Chinese or English, laid out from the canonical content
(`app.payslips.documents.content`) and nothing else (pure, no I/O).

Fonts, cleaning, the footer and the deterministic build are `app/core/pdf.py`'s. The page
reads top to bottom on a phone: who and what, the basis of pay with its formula, the gross,
each deduction with the rule and figures that produced it, the net (large), what the
employer paid on top, the payout, and the SHA-256 of the content the page shows.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Spacer

from app.core import documents as core_documents
from app.core import money
from app.core import pdf as core_pdf
from app.payslips.labels import BASIS, LABELS, ROUNDING, UNITS

MARGIN = core_documents.A5_MARGIN
# The page's frame (A5 less the margins, the footer's band and the frame's 6 pt padding): a
# payslip too long for it (the longest names and correction reason) is scaled down to fit,
# so it always prints on one page.
_FRAME = (
    core_pdf.PAGE_SIZES["A5"][0] - 2 * MARGIN - 12,
    core_pdf.PAGE_SIZES["A5"][1] - 2 * MARGIN - 6 * mm - 12,
)
_TITLE = ParagraphStyle("payslip-title", parent=core_pdf.BODY, fontSize=14, leading=18)
_HEADING = ParagraphStyle(
    "payslip-heading", parent=core_pdf.BODY, fontSize=10, leading=13, spaceBefore=4, spaceAfter=1
)
_LINE = ParagraphStyle("payslip-line", parent=core_pdf.BODY, fontSize=8, leading=10.5, spaceAfter=0)
_SUB = ParagraphStyle("payslip-sub", parent=_LINE, leftIndent=4 * mm, fontSize=7.5, leading=10)
_NET = ParagraphStyle(
    "payslip-net", parent=core_pdf.BODY, fontSize=13, leading=17, spaceBefore=3, spaceAfter=2
)
_SMALL = ParagraphStyle("payslip-small", parent=_LINE, fontSize=6.5, leading=8.5)
_NOTICE = ParagraphStyle("payslip-notice", parent=_LINE, textColor=core_pdf.NOTICE.textColor)


def render(content: dict[str, Any], *, content_sha256: str, locale: str, wide: str | None) -> bytes:
    """The payslip as a one-page A5 PDF in `locale` ("zh-CN" or "en"), showing `content`
    and its SHA-256 (scaled down to fit the page when it is too long for it). `wide`: a
    registered wide font (`core_pdf.wide_font`) for characters beyond U+FFFF, or None.
    Deterministic: the same arguments give the same bytes."""
    page = _Page(content, locale, wide)
    slip = content["payslip"]
    return core_documents.a5(
        [KeepInFrame(*_FRAME, page.story(content_sha256), mode="shrink")],
        kind="payslip",
        id=slip["id"],
        title=page.labels["title"],
        sha=content_sha256,
        locale=locale,
    )


class _Page(core_documents.Page):
    def __init__(self, content: dict[str, Any], locale: str, wide: str | None) -> None:
        super().__init__(LABELS[locale], locale, wide, _LINE)
        self.content = content
        self.slip = content["payslip"]

    # --- the page, top to bottom -------------------------------------------------------------

    def story(self, content_sha256: str) -> list[Any]:
        slip, worker, employer = self.slip, self.content["worker"], self.content["employer"]
        story: list[Any] = [self.para(self.labels["title"], _TITLE)]
        if slip.get("corrects_id"):
            story.append(self.para(self.text("corrects", id=slip["corrects_id"]), _NOTICE))
            story.append(self.field("reason", slip.get("correction_reason") or "-", _NOTICE))
        story += [
            self.field("payslip_id", slip["id"]),
            self.field("paid_on", slip["paid_on"]),
            self.field("worker", f"{worker['name']} ({worker['id_card_masked']})"),
            self.field("employer", employer["name"]),
            self.field("engagement", slip["engagement_id"]),
            self.field("shift", slip["shift_id"]),
            self.heading("earnings"),
        ]
        story += self.earnings()
        story += self.deductions()
        story.append(
            self.para(f"{self.labels['net']}{self.labels['colon']}{self.money(slip['net'])}", _NET)
        )
        story += self.totals()
        story += self.employer_items()
        story += [
            self.field("payout", slip.get("payout_id") or "-"),
            Spacer(1, 2 * mm),
            self.field("content_sha256", content_sha256, _SMALL, mono=True),
            self.para(self.labels["hash_note"], _SMALL),
        ]
        return story

    def totals(self) -> list[Any]:
        """Month and year to date as of this payslip; for a correction, what it paid."""
        shown = []
        for key in ("month_to_date", "year_to_date"):
            figures = self.content["totals"][key]
            values = {k: self.money(figures[k]) for k in ("gross", "withheld", "net")}
            shown.append(self.field(key, self.text("totals_value", **values)))
        change = self.slip["pay"].get("correction")
        if change:
            values = {k: self.money(change[k]) for k in ("gross", "withheld", "net")}
            before = self.money(change["paid_before"])
            shown.append(
                self.field("difference", self.text("difference_value", **values, before=before))
            )
        return shown

    def earnings(self) -> list[Any]:
        pay, slip = self.slip["pay"], self.slip
        unit = self.unit(pay.get("unit"))
        lines = [
            self.field("day", slip["day"]),
            self.field(
                "clock",
                f"{self.time(pay.get('clock_in_at'))} - {self.time(pay.get('clock_out_at'))}",
            ),
            self.field("basis", BASIS[self.locale].get(pay["basis"], pay["basis"])),
            self.field("rate", self.rate(pay["rate"], unit)),
        ]
        if pay.get("paid_minutes") is not None:
            lines.append(
                self.field(
                    "minutes",
                    self.text(
                        "minutes_value",
                        worked=pay.get("worked_minutes"),
                        brk=pay.get("break_minutes"),
                        paid=pay["paid_minutes"],
                    ),
                )
            )
        elif pay.get("quantity") is not None:
            lines.append(self.field("quantity", f"{pay['quantity']} {unit}"))
        if pay.get("rounding"):
            words = ROUNDING[self.locale].get(pay["rounding"], pay.get("rounding_text") or "")
            lines.append(self.field("rounding", words))
        lines += [
            self.field("formula", pay.get("formula") or "-"),
            self.field("gross", self.money(slip["gross"]), _HEADING_LINE),
        ]
        return lines

    def deductions(self) -> list[Any]:
        lines: list[Any] = [self.heading("deductions")]
        if not self.slip["deductions"]:
            lines.append(self.para(self.labels["none_withheld"], _LINE))
        for item in self.slip["deductions"]:
            name = self.labels.get(f"deduction.{item.get('type')}", str(item.get("type")))
            lines.append(self.field_raw(name, self.money(item["amount"]), _LINE))
            rule = f"{item.get('rule')} v{item.get('rule_version')}"
            lines.append(self.field("rule", rule, _SUB))
            if item.get("enabled") is False:
                lines.append(self.para(self.labels["rule_off"], _SUB))
                continue
            currency = item.get("rule_currency") or self.slip["currency"]
            lines += [
                self.field("mtd_income", self.money(item["month_to_date_income"], currency), _SUB),
                self.field("expense", self.major(item["expense_deduction"], currency), _SUB),
                self.field("taxable", self.major(item["taxable_income"], currency), _SUB),
                self.field("tax_rate", self.percent(item["rate"]), _SUB),
                self.field("quick", self.money(item["quick_deduction"], currency), _SUB),
                self.field("mtd_tax", self.money(item["month_to_date_tax"], currency), _SUB),
                self.field("before", self.money(item["withheld_before"], currency), _SUB),
                self.field("this_tax", self.money(item["amount"], currency), _SUB),
            ]
        lines.append(self.field("withheld", self.money(self.slip["withheld"]), _HEADING_LINE))
        return lines

    def employer_items(self) -> list[Any]:
        items = self.slip["employer_items"]
        if not items:
            return []
        lines: list[Any] = [self.heading("employer_items")]
        for item in items:
            name = self.labels.get(f"item.{item.get('type')}", str(item.get("type")))
            terms = item.get("terms") or {}
            if isinstance(terms, dict) and terms.get("type") == "percent":
                name = f"{name} ({terms.get('percent')}%)"
            lines.append(self.field_raw(name, self.money(item["amount"]), _LINE))
        lines.append(self.field("employer_cost", self.money(self.slip["employer_cost"]), _LINE))
        return lines

    # --- pieces -------------------------------------------------------------------------------

    def heading(self, key: str) -> Any:
        return self.para(self.labels[key], _HEADING)

    def money(self, amount: int, currency: str | None = None) -> str:
        return money.format(int(amount), currency or self.slip["currency"], self.locale)

    def major(self, value: Any, currency: str) -> str:
        """A figure in major units written as a decimal string ("1400", "716.8")."""
        try:
            minor = Decimal(str(value)).scaleb(money.exponent(currency))
        except InvalidOperation:
            return str(value)
        if minor != minor.to_integral_value():
            return f"{value} {currency}"
        return self.money(int(minor), currency)

    def percent(self, value: Any) -> str:
        try:
            return f"{(Decimal(str(value)) * 100).normalize():f}%"
        except InvalidOperation:
            return str(value)

    def rate(self, rate: str, unit: str) -> str:
        if self.zh and self.slip["currency"] == "CNY":
            return f"{rate} 元/{unit}"
        return f"{rate} {self.slip['currency']}/{unit}"

    def unit(self, unit: str | None) -> str:
        return UNITS[self.locale].get(unit or "", unit or "-")

    def time(self, value: str | None) -> str:
        """An instant in the tenant's time zone, with its offset: 2027-03-02 07:00 (+08:00)."""
        return core_documents.local_time(value, self.content["time_zone"])


_HEADING_LINE = ParagraphStyle("payslip-total", parent=_LINE, fontSize=9, leading=12, spaceAfter=2)
