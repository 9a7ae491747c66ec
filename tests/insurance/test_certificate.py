"""A policy's certificate over HTTP, on both databases: a policy over two days with one
clock-in, read back with pdfminer in Chinese and English (the masked ID, the employer, the
insurer and its policy number, the started day's window to the second, the day not
started, the sums insured), one A5 page, the hash on the page equal to the header and to
the canonical content's, byte-identical while nothing changes, a new hash once a day
starts or is cancelled, "pending" before the insurer confirms; another tenant's policy and
an unknown locale refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from app.core import documents
from app.insurance import certificate, service
from tests.helpers import (
    ApiClient,
    TenantHandle,
    assert_problem,
    database,
    one_a5_page_and_its_hash,
    squashed,
)
from tests.insurance.conftest import Insured
from tests.work.conftest import MARCH, at

DAYS = [MARCH + dt.timedelta(days=1), MARCH + dt.timedelta(days=2)]  # 2 and 3 March 2027


def two_days(insured: Insured, product_id: str | None = None, clock_in: bool = True) -> str:
    """An insured engagement over 2-3 March; the worker clocks in on the 2nd at 07:00."""
    body = {"insurance_product_id": product_id} if product_id else {}
    engagement = insured.engage(DAYS, **body)
    assert engagement.status_code == 201, engagement.json
    if clock_in:
        first = insured.day.shifts(engagement.json["id"])[0]
        assert insured.day.clock_in(first["id"], at(DAYS[0], 7)).status_code == 200
    [policy] = insured.policies(engagement_id=engagement.json["id"])
    return str(policy["id"])


def get_pdf(api: ApiClient, policy_id: str, locale: str | None = None) -> Any:
    query = f"?locale={locale}" if locale else ""
    resp = api.get(f"/v1/insurance/policies/{policy_id}/certificate{query}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "application/pdf"
    language = documents.language(locale) if locale else "zh-CN"  # the tenant's
    assert resp.headers["Content-Disposition"].endswith(f'-{language}.pdf"')
    return resp


def test_two_days_one_clock_in_in_chinese_and_english(insured: Insured) -> None:
    policy_id = two_days(insured)
    policy = insured.policy(policy_id)
    number = policy["insurer_policy_number"]
    assert policy["insurer_status"] == "bound" and number  # the sandbox confirmed at once
    masked = insured.api.get(f"/v1/workers/{policy['worker_id']}").json["id_card_masked"]
    assert "*" in masked

    zh = squashed(get_pdf(insured.api, policy_id, "zh-CN").data)
    for line in (
        "保险凭证（日结意外险）",
        f"保单编号：{policy_id}",
        "保险公司：sandbox",
        f"保险公司保单号：{number}",
        "保单状态：保障中",
        f"被保险人：陈伟({masked})",
        "投保单位（用工单位）：狮岭皮具厂",
        "保险产品：日结意外险Dailyaccidentcover（第1版）",
        "每日保费：人民币3.00元",
        "意外身故及伤残：人民币600,000.00元",
        "意外医疗费用：人民币50,000.00元",
        "住院津贴（每日）：人民币100.00元",
        "保障期间（Asia/Shanghai）",
        "2027-03-02：2027-03-0207:00:00(+08:00)至2027-03-0300:00:00(+08:00)（保障中）",
        "2027-03-03：签到时起至2027-03-0400:00:00(+08:00)（待生效）",
    ):
        assert line in zh, (line, zh)

    en = squashed(get_pdf(insured.api, policy_id, "en").data)
    for line in (
        "Certificateofinsurance(dailyaccidentcover)",
        f"Policy:{policy_id}",
        "Insurer:sandbox",
        f"Insurer'spolicynumber:{number}",
        "Status:active",
        f"Insuredworker:陈伟({masked})",
        "Policyholder(employer):狮岭皮具厂",
        "Dailypremium:CNY3.00",
        "Accidentaldeathanddisability:CNY600,000.00",
        "Medicalexpenses:CNY50,000.00",
        "Hospitalallowanceperday:CNY100.00",
        "Cover(Asia/Shanghai)",
        "2027-03-02:2027-03-0207:00:00(+08:00)\u20132027-03-0300:00:00(+08:00)(active)",
        "2027-03-03:startsatclock-in\u20132027-03-0400:00:00(+08:00)(scheduled)",
    ):
        assert line in en, (line, en)


def test_one_a5_page_the_hash_printed_sent_and_recomputed(insured: Insured) -> None:
    policy_id = two_days(insured)
    resp = get_pdf(insured.api, policy_id)  # the tenant's locale: zh-CN
    sha = one_a5_page_and_its_hash(resp)
    assert f"校验哈希（内容SHA-256）：{sha}" in squashed(resp.data)
    tenant = insured.day.money.tenant
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        content = certificate.content(session, service.get_policy(session, policy_id))
    assert hashlib.sha256(documents.canonical(content)).hexdigest() == sha
    assert [(d["day"], d["cover_starts_at"], d["cover_ends_at"]) for d in content["days"]] == [
        ("2027-03-02", "2027-03-01T23:00:00Z", "2027-03-02T16:00:00Z"),
        ("2027-03-03", None, "2027-03-03T16:00:00Z"),
    ]
    en = get_pdf(insured.api, policy_id, "en")
    assert en.headers[documents.HASH_HEADER] == sha  # the same facts in either language
    assert f"Verificationhash(contentSHA-256):{sha}" in squashed(en.data)
    assert get_pdf(insured.api, policy_id).data == resp.data  # byte-identical, nothing changed
    assert get_pdf(insured.api, policy_id, "en").data == en.data


def test_it_changes_as_days_start_and_are_cancelled(insured: Insured) -> None:
    policy_id = two_days(insured, clock_in=False)
    before = get_pdf(insured.api, policy_id, "en")
    text = squashed(before.data)
    assert "2027-03-02:startsatclock-in\u20132027-03-0300:00:00(+08:00)(scheduled)" in text
    assert "Status:scheduled" in text

    first = insured.day.shifts(insured.policy(policy_id)["engagement_id"])[0]
    assert insured.day.clock_in(first["id"], at(DAYS[0], 7, 30)).status_code == 200
    started = get_pdf(insured.api, policy_id, "en")
    assert started.headers[documents.HASH_HEADER] != before.headers[documents.HASH_HEADER]
    assert "(+08:00)(active)" in squashed(started.data)

    cancelled = insured.day.money.post(f"/v1/insurance/policies/{policy_id}/cancel")
    assert cancelled.status_code == 200, cancelled.json
    text = squashed(get_pdf(insured.api, policy_id, "en").data)
    assert "2027-03-02:2027-03-0207:30:00(+08:00)\u20132027-03-0300:00:00(+08:00)(active)" in text
    assert "2027-03-03:cancelled,premiumrefundedinfull" in text


def test_pending_until_the_insurer_confirms(insured: Insured) -> None:
    policy_id = two_days(insured, insured.product(metadata={"sandbox": "unavailable"}))
    assert insured.policy(policy_id)["insurer_policy_number"] is None
    assert "保险公司保单号：待保险公司确认" in squashed(get_pdf(insured.api, policy_id).data)
    en = squashed(get_pdf(insured.api, policy_id, "en").data)
    assert "Insurer'spolicynumber:pending(notyetconfirmedbytheinsurer)" in en


def test_another_tenants_policy_and_an_unknown_locale(
    insured: Insured, client: Any, other_tenant: TenantHandle
) -> None:
    policy_id = two_days(insured, clock_in=False)
    other = ApiClient(client, other_tenant.api_key)
    url = f"/v1/insurance/policies/{policy_id}/certificate"
    assert_problem(other.get(url), 404, "resource_missing")
    missing = "/v1/insurance/policies/pol_01m90yb4x1dbeh11a8725ngjav/certificate"
    assert_problem(insured.api.get(missing), 404, "resource_missing")
    for bad in ("fr", "", "zh CN"):
        resp = insured.api.get(f"{url}?locale={bad}")
        errors = assert_problem(resp, 422, "validation_error")["errors"]
        assert {(e["location"], e["field"]) for e in errors} == {("query", "locale")}, bad
    assert get_pdf(insured.api, policy_id, "en").data.startswith(b"%PDF")
    zh = get_pdf(insured.api, policy_id).data
    assert get_pdf(insured.api, policy_id, "ZH-hans-cn").data == zh  # any Chinese tag
