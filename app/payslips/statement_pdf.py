"""A worker's monthly statement as a PDF (A5, Chinese or English), laid out from the
statement's JSON (`statements.worker_statement`, as the API answers it) and nothing else.

Rendered on each request: a statement of the current month changes as the month goes, and
one page of figures takes milliseconds. Deterministic: the same statement and locale give
the same bytes (`app/core/pdf.py`'s invariant build); the page says when the month is not
over yet. The SHA-256 of the statement's canonical JSON is printed and sent as the
`Gigkit-Content-SHA256` header, as for payslips.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app.core import documents as core_documents
from app.core import money
from app.core import pdf as core_pdf
from app.payslips import documents, statements
from app.payslips.schemas import WorkerStatementSchema

_LINE = ParagraphStyle("statement-line", parent=core_pdf.BODY, fontSize=8, leading=11)
_HEADING = ParagraphStyle(
    "statement-heading", parent=core_pdf.BODY, fontSize=10, leading=13, spaceBefore=5
)
_TITLE = ParagraphStyle("statement-title", parent=core_pdf.BODY, fontSize=14, leading=18)
_SMALL = ParagraphStyle("statement-small", parent=_LINE, fontSize=6.5, leading=8.5)
_schema = WorkerStatementSchema()

LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "劳务人员月度结算单 {month}",
        "open": "本月尚未结束，以下为截至目前的数据。",
        "worker": "劳务人员",
        "employer": "用工单位",
        "row": "出勤 {days} 天；应发 {gross}，代扣个税 {withheld}，实发 {net}；"
        "已到账 {paid}，在途 {pending}",
        "totals": "本月合计",
        "year": "本年累计（1 月至本月）",
        "year_row": "工资单 {payslips} 张；应发 {gross}，代扣个税 {withheld}，实发 {net}",
        "none": "本月无工资单。",
        "hash": "内容 SHA-256",
        "colon": "：",
    },
    "en": {
        "title": "Worker's statement {month}",
        "open": "The month is not over: figures so far.",
        "worker": "Worker",
        "employer": "Employer",
        "row": "{days} days; gross {gross}, tax withheld {withheld}, net {net}; "
        "paid {paid}, on its way {pending}",
        "totals": "Month's totals",
        "year": "Year to date (January to this month)",
        "year_row": "{payslips} payslips; gross {gross}, tax withheld {withheld}, net {net}",
        "none": "No payslips this month.",
        "hash": "Content SHA-256",
        "colon": ": ",
    },
}


def worker_statement_document(
    session: Session, *, worker_id: str, month: str, locale: str | None = None
) -> documents.Document:
    """The worker's statement of `month` as a PDF in `locale` (default: the tenant's)."""
    shown = _schema.dump(statements.worker_statement(session, worker_id=worker_id, month=month))
    chosen = locale or documents.tenant_locale(session)
    sha = core_documents.content_sha256(shown)
    wide = core_documents.wide_font_for(shown, session.info["settings"].pdf_wide_font)
    return documents.Document(worker_id, chosen, sha, render(shown, sha, chosen, wide))


def render(shown: dict[str, Any], sha: str, locale: str, wide: str | None) -> bytes:
    words = LABELS[locale]

    def para(text: str, style: ParagraphStyle = _LINE) -> Any:
        return core_pdf.para(text, style, wide=wide)

    def field(label: str, value: str, style: ParagraphStyle = _LINE) -> Any:
        return core_pdf.field(label + words["colon"], value, style, wide=wide)

    def figures(row: dict[str, Any], key: str = "row") -> str:
        values: dict[str, Any] = dict(row)
        for k in ("gross", "withheld", "net", "paid", "pending"):
            if k in row:
                values[k] = money.format(row[k], row["currency"], locale)
        return words[key].format(**values)

    worker = shown["worker"]
    story: list[Any] = [para(words["title"].format(month=shown["month"]), _TITLE)]
    if not shown["complete"]:
        story.append(para(words["open"], core_pdf.NOTICE))
    story.append(field(words["worker"], f"{worker['name']} ({worker['id_card_masked']})"))
    for row in shown["employers"]:
        story += [para(row["employer"]["name"], _HEADING), para(figures(row))]
    if not shown["employers"]:
        story.append(para(words["none"]))
    for row in shown["totals"]:
        story += [para(words["totals"], _HEADING), para(figures(row))]
    for row in shown["year_to_date"]:
        story += [para(words["year"], _HEADING), para(figures(row, "year_row"))]
    story.append(field(words["hash"], sha, _SMALL))
    title = words["title"].format(month=shown["month"])
    return core_pdf.build(
        story,
        footer=f"{worker['id']} {shown['month']}",
        locale=locale,
        pagesize="A5",
        margin=10 * mm,
        title=title,
        subject=worker["id"],
    )
