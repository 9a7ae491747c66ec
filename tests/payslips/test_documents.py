"""A payslip's PDF over HTTP, on both databases: read back with pdfminer in Chinese and
English, one A5 page, the hash on the page equal to the header and to the canonical
content's, byte-identical on every GET and on a fresh render, rendered once and stored, a
rare-character name kept (with the wide font) or shown as [U+20BB7] (without it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.config import DEFAULT_PDF_WIDE_FONT
from app.payslips import documents
from app.payslips import service as payslips
from app.payslips.models import PayslipDocument
from tests.helpers import (
    ApiClient,
    TenantHandle,
    assert_problem,
    database,
    one_a5_page_and_its_hash,
    squashed,
    worker_body,
)
from tests.money.conftest import make_money
from tests.work.conftest import MARCH, Day, at

HAS_FONT = Path(DEFAULT_PDF_WIDE_FONT).is_file()


@pytest.fixture()
def day(api: ApiClient, tenant: TenantHandle, clock: Any) -> Day:
    clock.set(at(MARCH, 6))
    money = make_money(api, tenant)
    assert money.deposit(10_000_000).json["status"] == "succeeded"
    return Day(money, clock)


def settle(day: Day, days: int = 1) -> dict[str, Any]:
    """The seed's days at 280.00 from 2 March; the last day's payslip."""
    dates = [MARCH + dt.timedelta(days=i) for i in range(1, days + 1)]
    engagement = day.engage([{"day": d} for d in dates])
    assert engagement.status_code == 201, engagement.json
    shifts = day.shifts(engagement.json["id"])
    for shift, d in zip(shifts, dates, strict=True):
        assert day.clock_in(shift["id"], at(d, 7)).status_code == 200
        assert day.clock_out(shift["id"], at(d, 20)).status_code == 200
    return day.payslip(shifts[-1])


def get_pdf(day: Day, payslip_id: str, locale: str | None = None) -> Any:
    query = f"?locale={locale}" if locale else ""
    resp = day.api.get(f"/v1/payslips/{payslip_id}/document{query}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "application/pdf"
    return resp


def test_the_third_day_in_chinese_and_english(day: Day) -> None:
    """Day 3 of the month: gross 280.00; month-to-date 840.00 less 800.00 expenses = 40.00
    taxable at 20%: 8.00 withheld, net 272.00 (tests/work/test_day.py's table)."""
    slip = settle(day, days=3)
    assert (slip["gross"], slip["withheld"], slip["net"]) == (28_000, 800, 27_200)

    zh = squashed(get_pdf(day, slip["id"], "zh-CN").data)
    for line in (
        "工资单",
        f"工资单编号：{slip['id']}",
        "劳务人员：陈伟",
        "用工单位：狮岭皮具厂",
        "工作日：2027-03-04",
        "签到-签退：2027-03-0407:00(+08:00)-2027-03-0420:00(+08:00)",
        "计酬方式：按日计酬",
        "应发工资：人民币280.00元",
        "代扣个人所得税(劳务报酬)：人民币8.00元",
        "规则及版本：work.withholdingv0",
        "本月累计收入：人民币840.00元",
        "减除费用：人民币800.00元",
        "应纳税所得额：人民币40.00元",
        "预扣率：20%",
        "本月已预扣税额：人民币0.00元",
        "本次代扣税额：人民币8.00元",
        "实发工资：人民币272.00元",
        f"付款编号：{slip['payout_id']}",
        "本月累计（本用工单位）：应发人民币840.00元，代扣人民币8.00元，实发人民币832.00元",
        "本年累计（本用工单位）：应发人民币840.00元，代扣人民币8.00元，实发人民币832.00元",
    ):
        assert line in zh, line
    masked = day.api.get(f"/v1/workers/{slip['worker_id']}").json["id_card_masked"]
    assert f"陈伟({masked})" in zh

    en = squashed(get_pdf(day, slip["id"], "en").data)
    for line in (
        "Payslip",
        "Grosspay:CNY280.00",
        "Individualincometaxwithheld(labourremuneration):CNY8.00",
        "Month-to-dateincome:CNY840.00",
        "Expensededuction:CNY800.00",
        "Taxableincome:CNY40.00",
        "Rate:20%",
        "Withheldonthispayslip:CNY8.00",
        "Netpay:CNY272.00",
        "Formula:280CNY/dayx1day=280.00CNY",
        "Monthtodate(thisemployer):grossCNY840.00,withheldCNY8.00,netCNY832.00",
    ):
        assert line in en, line


def test_one_a5_page_the_hash_printed_sent_and_recomputed(day: Day) -> None:
    slip = settle(day)
    resp = get_pdf(day, slip["id"])  # the tenant's locale: zh-CN
    sha = one_a5_page_and_its_hash(resp)
    assert f"内容SHA-256：{sha}" in squashed(resp.data)
    with database(day.money.tenant.app).unit_of_work(tenant_id=day.money.tenant.id) as session:
        content = documents.content(session, payslips.get(session, slip["id"]))
    assert hashlib.sha256(documents.canonical(content)).hexdigest() == sha
    assert content["payslip"]["net"] == 28_000 and content["worker"]["name"] == "陈伟"
    assert "status" not in content["payslip"]  # the payout's live status is not a fact of it
    en = get_pdf(day, slip["id"], "en")
    assert en.headers[documents.HASH_HEADER] == sha  # the same facts in either language
    assert f"ContentSHA-256:{sha}" in squashed(en.data)


def test_rendered_once_stored_and_byte_identical(day: Day, monkeypatch: pytest.MonkeyPatch) -> None:
    slip = settle(day)
    renders: list[str] = []
    real = documents.pdf.render

    def counting(*args: Any, **kwargs: Any) -> bytes:
        renders.append(kwargs["locale"])
        return real(*args, **kwargs)

    monkeypatch.setattr(documents.pdf, "render", counting)
    first = get_pdf(day, slip["id"], "en").data
    second = get_pdf(day, slip["id"], "en").data
    assert first == second and renders == ["en"]  # the second GET did not render
    app, tenant_id = day.money.tenant.app, day.money.tenant.id
    with database(app).unit_of_work(tenant_id=tenant_id) as session:
        fresh = documents.render(session, payslips.get(session, slip["id"]), "en")
        count = session.scalar(select(func.count()).select_from(PayslipDocument))
        documents._store(session, fresh)  # a concurrent first request's: nothing happens
        again = session.scalar(select(func.count()).select_from(PayslipDocument))
    assert fresh.pdf == first  # a render from scratch gives the same bytes
    assert count == again == 1


def _rare_name_payslip(day: Day) -> dict[str, Any]:
    body = worker_body(
        name="王\U00020bb7明",
        payout_account={"kind": "wallet", "provider": "wechat", "account_reference": "wx_rare"},
    )
    created = day.api.post("/v1/workers", body)
    assert created.status_code == 201, created.json
    day.money.worker_id = created.json["id"]
    return settle(day)


@pytest.mark.skipif(not HAS_FONT, reason=f"no wide font at {DEFAULT_PDF_WIDE_FONT}")
def test_a_rare_character_in_a_name_round_trips_with_the_wide_font(day: Day) -> None:
    slip = _rare_name_payslip(day)
    for locale, label in (("zh-CN", "劳务人员："), ("en", "Worker:")):
        text = squashed(get_pdf(day, slip["id"], locale).data)
        assert f"{label}王\U00020bb7明(" in text, text
        assert "[U+20BB7]" not in text


def test_without_the_wide_font_a_rare_character_shows_as_its_code_point(
    day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = database(day.money.tenant.app).session_info
    missing = info["settings"].with_overrides(pdf_wide_font="/nonexistent/HanaMinB.ttf")
    monkeypatch.setitem(info, "settings", missing)
    slip = _rare_name_payslip(day)
    text = squashed(get_pdf(day, slip["id"], "zh-CN").data)
    assert "劳务人员：王[U+20BB7]明(" in text, text


def test_an_unknown_locale_is_refused_naming_it(day: Day) -> None:
    slip = settle(day)
    for bad in ("fr", "", "zhx", "en-" + "x" * 40, "zh CN"):
        resp = day.api.get(f"/v1/payslips/{slip['id']}/document?locale={bad}")
        errors = assert_problem(resp, 422, "validation_error")["errors"]
        assert {(e["location"], e["field"]) for e in errors} == {("query", "locale")}, bad


def test_a_language_tag_in_any_case_or_region_picks_the_language(day: Day) -> None:
    slip = settle(day)
    zh = get_pdf(day, slip["id"], "zh-CN").data
    en = get_pdf(day, slip["id"], "en").data
    for tag, same in (("zh", zh), ("ZH-cn", zh), ("zh-Hans-CN", zh), ("en-US", en), ("EN", en)):
        assert get_pdf(day, slip["id"], tag).data == same, tag


def test_another_tenants_payslip_is_not_found(day: Day, other_tenant: TenantHandle) -> None:
    slip = settle(day)
    other = ApiClient(day.api.client, other_tenant.api_key)
    resp = other.get(f"/v1/payslips/{slip['id']}/document")
    assert_problem(resp, 404, "resource_missing")
    missing = day.api.get("/v1/payslips/pys_" + "1" * 26 + "/document")
    assert_problem(missing, 404, "resource_missing")


def test_the_scope_is_payslips_read(day: Day) -> None:
    slip = settle(day)
    reader = ApiClient(day.api.client, day.money.tenant.key(["payslips:read"]))
    assert reader.get(f"/v1/payslips/{slip['id']}/document").status_code == 200
    other = ApiClient(day.api.client, day.money.tenant.key(["work:read"]))
    assert_problem(other.get(f"/v1/payslips/{slip['id']}/document"), 403, "insufficient_scope")


def test_two_first_requests_at_once_keep_one_document(
    day: Day, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL both requests render (each waits for the other's rendering before
    storing), one insert wins and both answer its row. SQLite serialises the two units of
    work (BEGIN IMMEDIATE): the second finds the first's row."""
    slip = settle(day)
    app, tenant = day.money.tenant.app, day.money.tenant
    rendered = threading.Barrier(2, timeout=20)
    real = documents.pdf.render

    def both_render(*args: Any, **kwargs: Any) -> bytes:
        made = real(*args, **kwargs)
        rendered.wait()
        return made

    if backend == "postgresql":
        monkeypatch.setattr(documents.pdf, "render", both_render)
    answers: list[Any] = []

    def fetch() -> None:
        client = ApiClient(app.test_client(), tenant.api_key)
        answers.append(client.get(f"/v1/payslips/{slip['id']}/document?locale=zh-CN"))

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].data == answers[1].data
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        count = session.scalar(select(func.count()).select_from(PayslipDocument))
    assert count == 1


def test_a_correction_prints_what_it_corrects_and_what_it_paid(day: Day) -> None:
    """Hourly 40.00/h: clock-out recorded at 18:00 (400.00), corrected to 20:00 (480.00,
    nothing withheld in the month's first 800.00): +80.00 paid, 400.00 paid before."""
    d = MARCH + dt.timedelta(days=1)
    engagement = day.engage(
        [{"day": d, "starts_at": at(d, 8).isoformat(), "ends_at": at(d, 20).isoformat()}],
        pay={"basis": "hourly", "rate": "40", "rounding": "half_hour_started"},
    )
    (shift,) = day.shifts(engagement.json["id"])
    day.clock_in(shift["id"], at(d, 8))
    assert day.clock_out(shift["id"], at(d, 18)).status_code == 200
    slip = day.payslip(shift)
    day.clock.set(at(d, 21))
    fixed = day.money.post(
        f"/v1/payslips/{slip['id']}/corrections",
        {"reason": "Left at 20:00", "clock_out_at": at(d, 20).isoformat()},
    )
    assert fixed.status_code == 201, fixed.json
    en = squashed(get_pdf(day, fixed.json["id"], "en").data)
    for line in (
        f"Correctspayslip{slip['id']}",
        "Reasonforthecorrection:Leftat20:00",
        "Netpay:CNY480.00",
        "Paidbythiscorrection:gross+CNY80.00,withheld+CNY0.00,net+CNY80.00(CNY400.00paidbefore)",
        "Monthtodate(thisemployer):grossCNY480.00,withheldCNY0.00,netCNY480.00",
    ):
        assert line in en, line
