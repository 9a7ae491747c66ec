"""Contract PDFs, read back with pdfminer.six: the text (Chinese too), the certificate page,
determinism, escaping, pagination, wrapping and metadata. Pure: no database."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from reportlab import rl_config

from app.signing.pdf import Certificate, SignerLine, render

ZH_AGREEMENT = """零工劳务协议

甲方（用工单位）：上海申工劳务服务有限公司
统一社会信用代码：91310000MA1K4XYZ0T
乙方（劳务人员）：陈伟
身份证号码：310101199001011234

一、工作内容
乙方于2025年3月1日在甲方指定的浦东新区仓库从事货物分拣与装卸工作，工作时间为08:00至17:00，\
中间休息一小时。乙方应遵守甲方的安全操作规程，服从现场负责人的合理安排。

二、劳务报酬
甲方按日向乙方支付劳务报酬人民币¥150.00元（大写：壹佰伍拾元整），于乙方签退后通过平台托管账户\
即时结算至乙方绑定的银行账户。

三、保险
甲方为乙方购买当日有效的意外伤害保险，保险期间自乙方签到时起至签退时止。

四、争议解决
因本协议引起的或与本协议有关的任何争议，双方应友好协商解决；协商不成的，任何一方均可向甲方所在地\
有管辖权的人民法院提起诉讼。

五、其他
本协议自双方签署之日起生效，以电子签名方式签署，与纸质签署具有同等法律效力。"""

EN_AGREEMENT = """Day Labour Agreement

Employer: Acme Labour Services Co.
Worker: Wei Chen

1. Services. The Worker shall sort and load goods at the Employer's Pudong warehouse on
1 March 2025 from 08:00 to 17:00 with a one-hour break.

2. Wage. The Employer shall pay the Worker CNY 150.00 for the day, released from escrow at
clock-out.

3. Disputes. Any dispute shall be settled by the courts where the Employer is registered."""

CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36"
)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
CHAIN_HASH = hashlib.sha256(b"audit chain").hexdigest()
SEAL = base64.b64encode(hashlib.sha512(b"seal").digest()).decode()  # 88 characters


def certificate(document: str, **changes: object) -> Certificate:
    worker = SignerLine(
        name="陈伟",
        role="worker",
        party_id="wkr_01HV3K9Q7B",
        order=1,
        status="signed",
        signed_at=dt.datetime(2025, 3, 1, 7, 45, 12, tzinfo=SHANGHAI),
        method="sms_code",
        verification="passed",
        ip="203.0.113.7",
        user_agent=CHROME,
    )
    employer = SignerLine(
        name="Acme Labour Services Co.",
        role="employer",
        party_id="emp_01HV3K8ZZM",
        order=2,
        status="signed",
        signed_at=dt.datetime(2025, 2, 28, 23, 50, 0),  # naive: taken as UTC
        method="hosted_page",
        verification="passed",
        ip="2001:db8::42",
        user_agent="curl/8.5.0",
    )
    fields: dict[str, object] = {
        "contract_id": "ctr_01HV3M2C4D",
        "title": "零工劳务协议",
        "status": "completed",
        "document_sha256": hashlib.sha256(document.encode()).hexdigest(),
        "chain_hash": CHAIN_HASH,
        "seal": SEAL,
        "seal_key_id": "seal_2025_01",
        "completed_at": dt.datetime(2025, 3, 1, 0, 1, 2, tzinfo=dt.UTC),
        "signers": [worker, employer],
    }
    fields.update(changes)
    return Certificate(**fields)  # type: ignore[arg-type]


def zh_pdf(document: str = ZH_AGREEMENT, **changes: object) -> bytes:
    return render(
        document, title="零工劳务协议", locale="zh-CN", certificate=certificate(document, **changes)
    )


def en_pdf(document: str = EN_AGREEMENT, **changes: object) -> bytes:
    return render(
        document,
        title="Day Labour Agreement",
        locale="en",
        certificate=certificate(document, **changes),
    )


def squashed(pdf: bytes) -> str:
    """The extracted text without any whitespace (extraction breaks lines where they wrap)."""
    return re.sub(r"\s+", "", extract_text(io.BytesIO(pdf)))


def page_count(pdf: bytes) -> int:
    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))


def info(pdf: bytes) -> dict[str, str]:
    def decode(raw: object) -> str:
        assert isinstance(raw, bytes)
        return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode()

    [fields] = PDFDocument(PDFParser(io.BytesIO(pdf))).info
    return {key: decode(value) for key, value in fields.items() if isinstance(value, bytes)}


def test_the_chinese_agreement_and_its_chinese_certificate_come_back_as_text():
    text = squashed(zh_pdf())

    for phrase in [
        "零工劳务协议",
        "甲方（用工单位）：上海申工劳务服务有限公司",
        "乙方（劳务人员）：陈伟",
        "一、工作内容",
        "货物分拣与装卸工作",
        "人民币¥150.00元（大写：壹佰伍拾元整）",
        "三、保险",
        "当日有效的意外伤害保险",
        "四、争议解决",
        "有管辖权的人民法院提起诉讼",
        "与纸质签署具有同等法律效力",
    ]:
        assert phrase in text, phrase
    for phrase in [
        "签署证书",
        "合同编号：ctr_01HV3M2C4D",
        "状态：已完成(completed)",
        "1.陈伟",
        "角色：worker",
        "签署时间：2025-02-28T23:45:12Z",  # 07:45:12 in Shanghai
        "意愿认证方式：短信验证码(sms_code)",
        "核验结果：通过(passed)",
        "IP地址：203.0.113.7",
        "2.AcmeLabourServicesCo.",
        "文件SHA-256：" + hashlib.sha256(ZH_AGREEMENT.encode()).hexdigest(),
        "印章密钥编号：seal_2025_01",
    ]:
        assert phrase in text, phrase


def test_the_english_agreement_and_every_certificate_field_come_back_as_text():
    text = squashed(en_pdf())

    for phrase in [
        "DayLabourAgreement",
        "Employer:AcmeLabourServicesCo.",
        "TheWorkershallsortandloadgoodsattheEmployer'sPudongwarehouse",
        "CNY150.00",
        "SigningcertificateThiscertificaterecordswhosignedthedocument",
        "Contract:ctr_01HV3M2C4D",
        "Status:completed",
        "Completedat:2025-03-01T00:01:02Z",
        "1.陈伟Role:workerParty:wkr_01HV3K9Q7BSigningorder:1Status:signed",
        "Signedat:2025-02-28T23:45:12ZConsentmethod:sms_codeVerification:passed",
        "IPaddress:203.0.113.7",
        "Useragent:“" + re.sub(r"\s+", "", CHROME) + "”",  # free text: quoted
        "2.AcmeLabourServicesCo.Role:employerParty:emp_01HV3K8ZZMSigningorder:2",
        "Signedat:2025-02-28T23:50:00Z",
        "Consentmethod:hosted_page",
        "IPaddress:2001:db8::42",
        "Useragent:“curl/8.5.0”",
        "DocumentSHA-256:" + hashlib.sha256(EN_AGREEMENT.encode()).hexdigest(),
        "Auditchainhash:" + CHAIN_HASH,
        "Seal(Ed25519):" + SEAL,
        "Sealkeyid:seal_2025_01",
    ]:
        assert phrase in text, phrase
    assert "签署证书" not in text and "PREVIEW" not in text


def test_signers_are_listed_in_signing_order_and_missing_values_show_a_dash():
    pending = SignerLine(
        name="Li Na",
        role="witness",
        party_id="wkr_01HV3KA000",
        order=0,
        status="pending",
        signed_at=None,
        method=None,
        verification=None,
        ip=None,
        user_agent=None,
    )
    base = certificate(EN_AGREEMENT)
    pdf = en_pdf(signers=[*base.signers, pending])

    text = squashed(pdf)
    assert text.index("1.LiNa") < text.index("2.陈伟") < text.index("3.AcmeLabour")
    assert (
        "Status:pendingSignedat:-Consentmethod:-Verification:-Evidenceassertedby:-"
        "IPaddress:-Useragent:-"
    ) in text


def test_a_contract_that_is_not_completed_says_it_is_a_preview_on_every_page():
    pdf = zh_pdf(status="pending", seal=None, seal_key_id=None, chain_hash=None, completed_at=None)

    text = squashed(pdf)
    assert text.count("预览件：本合同尚未完成签署") == page_count(pdf) + 1  # + the notice
    assert "状态：待签署(pending)" in text and "电子印章(Ed25519)：—" in text
    assert "PREVIEW" in squashed(en_pdf(status="draft"))


def test_the_same_inputs_give_the_same_bytes():
    assert zh_pdf() == zh_pdf()
    assert en_pdf() == en_pdf()


def test_the_same_inputs_give_the_same_bytes_in_another_process():
    """Hash randomisation differs per process; nothing in the output may depend on it."""
    script = (
        "import sys, tests.signing.test_pdf as t; sys.stdout.buffer.write(t.zh_pdf() + t.en_pdf())"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] == zh_pdf() + en_pdf()


def test_a_changed_character_or_signer_gives_different_bytes():
    original = zh_pdf()
    base = certificate(ZH_AGREEMENT)
    moved_ip = dataclasses.replace(base.signers[0], ip="203.0.113.8")

    assert zh_pdf(ZH_AGREEMENT.replace("¥150.00", "¥160.00")) != original
    assert zh_pdf(signers=[moved_ip, base.signers[1]]) != original
    assert zh_pdf(signers=base.signers[:1]) != original


def test_markup_in_the_document_renders_literally():
    document = (
        'Bonus: <b>&</b> 5 < 6 > 4 &amp; <font name="Courier">x</font>\n\n<para>乙方 & 甲方</para>'
    )
    pdf = render(document, title="<i>T&C</i>", locale="en", certificate=certificate(document))

    text = squashed(pdf)
    assert 'Bonus:<b>&</b>5<6>4&amp;<fontname="Courier">x</font>' in text
    assert "<para>乙方&甲方</para>" in text
    assert "<i>T&C</i>" in text
    assert info(pdf)["Title"] == "<i>T&C</i>"


def test_lines_within_a_paragraph_are_kept_and_blank_lines_split_paragraphs():
    document = "first line\nsecond line\n  \t\nthird paragraph\r\n\r\n\r\nfourth"
    pdf = render(document, title="T", locale="en", certificate=certificate(document))

    lines = [line for line in extract_text(io.BytesIO(pdf)).splitlines() if line.strip()]
    start = lines.index("first line")
    assert lines[start : start + 4] == ["first line", "second line", "third paragraph", "fourth"]


def test_characters_beyond_the_cjk_font_are_written_as_code_points_not_garbled():
    document = "乙方确认 👍 无异议，签名：𠮷田"
    pdf = render(document, title="T", locale="zh-CN", certificate=certificate(document))

    assert "乙方确认[U+1F44D]无异议，签名：[U+20BB7]田" in squashed(pdf)


def test_a_long_document_flows_onto_numbered_pages():
    document = "\n\n".join(
        f"第{n}条 乙方应按照甲方的安排完成工作。Clause {n}: the Worker shall follow the "
        "Employer's reasonable instructions on site." + " 补充说明。" * 10
        for n in range(1, 201)
    )
    pdf = zh_pdf(document)

    pages = page_count(pdf)
    assert pages >= 5
    text = squashed(pdf)
    assert "第200条" in text
    for number in (1, pages // 2, pages):
        assert f"ctr_01HV3M2C4D{number}/{pages}" in text
    assert f"{pages + 1}/{pages}" not in text


def test_long_unbroken_strings_wrap_inside_the_page():
    blob = "9f86d081884c7d659a2feaa0c55ad015" * 12  # 384 characters with no break
    ua = CHROME + " " + "X" * 300
    document = f"Reference: {blob}\n\n{'长' * 500}\n\n" + "word " * 400
    base = certificate(document)
    signer = dataclasses.replace(base.signers[0], user_agent=ua)
    pdf = render(
        document, title="T", locale="en", certificate=dataclasses.replace(base, signers=[signer])
    )

    for page in extract_pages(io.BytesIO(pdf)):
        for char in _chars(page):
            assert char.x0 >= 0 and char.x1 <= page.width - 50, (char.get_text(), char.x1)
    text = squashed(pdf)
    shown = "“" + re.sub(r"\s+", "", " ".join(ua.split())[:199]) + "…”"  # at most 200
    assert blob in text and "长" * 500 in text and shown in text


def test_pages_are_a4():
    for page in PDFPage.get_pages(io.BytesIO(en_pdf())):
        assert [round(v) for v in page.mediabox] == [0, 0, 595, 842]


def test_metadata_names_the_contract_and_the_document_hash():
    pdf = zh_pdf()

    fields = info(pdf)
    assert fields["Title"] == "零工劳务协议"
    assert fields["Subject"] == "ctr_01HV3M2C4D"
    assert fields["Creator"] == "gigkit"
    sha = hashlib.sha256(ZH_AGREEMENT.encode()).hexdigest()
    assert f"gigkit-document-sha256:{sha}" in fields["Keywords"]
    assert "gigkit-contract-id:ctr_01HV3M2C4D" in fields["Keywords"]


def test_rendering_leaves_reportlab_global_settings_alone():
    before = rl_config.invariant
    zh_pdf()
    assert rl_config.invariant == before


def _chars(item: object) -> list[LTChar]:
    if isinstance(item, LTChar):
        return [item]
    if isinstance(item, LTContainer):
        return [char for child in item for char in _chars(child)]
    return []
