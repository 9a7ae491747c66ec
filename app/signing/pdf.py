"""Contract PDFs: the frozen document text, then a signing certificate page (pure, no I/O).

Fonts, cleaning, layout, the footer and the deterministic build are `app/core/pdf.py`'s
(shared with the other documents gigkit prints); this module holds what is the contract's:
its paragraphs, title and footer, and the certificate page in Chinese or English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from app.core import pdf as core_pdf
from app.core.pdf import (
    BODY as _BODY,
)
from app.core.pdf import (
    FIELD as _FIELD,
)
from app.core.pdf import (
    HEADING as _HEADING,
)
from app.core.pdf import (
    NOTICE as _NOTICE,
)
from app.core.pdf import (
    PIECE,
    printed_size,
)
from app.core.pdf import (
    TITLE as _TITLE,
)
from app.core.pdf import (
    clean as _clean,
)
from app.core.pdf import (
    field as _field,
)
from app.core.pdf import (
    lines as _lines,
)
from app.core.pdf import (
    para as _para,
)
from app.signing import evidence

__all__ = ["PIECE", "Certificate", "SignerLine", "printed_size", "render"]


@dataclass(frozen=True)
class SignerLine:
    name: str
    role: str
    party_id: str
    order: int
    status: str  # "signed" | "pending" | "declined"
    signed_at: dt.datetime | None
    method: str | None  # consent method: "sms_code", "in_person", "hosted_page", ...
    verification: str | None
    ip: str | None
    user_agent: str | None
    # Who vouches for the evidence: "gigkit" (our hosted page checked the one-time code) or
    # "platform" (the integrator's credential asserted it through the API); and through what
    # (e.g. "signing_link:sl_...", "api_key:key_..."). None on signatures made before.
    asserted_by: str | None = None
    asserted_via: str | None = None


@dataclass(frozen=True)
class Certificate:
    contract_id: str
    title: str
    status: str  # "completed", or another state for a draft/preview
    document_sha256: str  # hex, of the frozen document text (UTF-8)
    chain_hash: str | None  # hex, the audit chain's last hash
    seal: str | None  # base64 Ed25519 signature
    seal_key_id: str | None
    completed_at: dt.datetime | None
    signers: list[SignerLine]
    tenant_id: str | None = None
    livemode: bool = True  # False: a test-mode tenant's contract, marked as binding nobody


_LABELS = {
    "en": {
        "certificate": "Signing certificate",
        "intro": "This certificate records who signed the document above, when and how. "
        "The document SHA-256 is computed over the document text encoded as UTF-8.",
        "preview": "PREVIEW - this contract is not completed",
        "test_mode": "TEST MODE — not a binding contract (made by a test-mode tenant)",
        "contract_id": "Contract",
        "title": "Title",
        "status": "Status",
        "completed_at": "Completed at",
        "signers": "Signers",
        "role": "Role",
        "party_id": "Party",
        "order": "Signing order",
        "signed_at": "Signed at",
        "method": "Consent method",
        "verification": "Verification",
        "ip": "IP address",
        "user_agent": "User agent",
        "asserted_by": "Evidence asserted by",
        "by_gigkit": "gigkit's hosted signing page ({via}): the signer entered the one-time "
        "code gigkit issued for the link, which the platform delivered",
        "by_platform": "the platform, through its credential {via} (not verified by gigkit)",
        "integrity": "Integrity",
        "document_sha256": "Document SHA-256",
        "chain_hash": "Audit chain hash",
        "seal": "Seal (Ed25519)",
        "seal_key_id": "Seal key id",
        "tenant_id": "Tenant",
        "livemode": "livemode (as sealed)",
        "sealed_at": "completed_at (as sealed)",
        "attached": "Attached to this PDF, covered by its digital signature (PAdES, by the "
        "seal key's certificate): document.txt (the exact document text), audit-trail.json "
        "(the audit entries) and seal.json (the claims above, the seal, its key id). Anyone "
        "can check them with the published public key: gigkit contracts verify-pdf, or "
        "gigkit_sdk.verify_sealed_pdf.",
        "none": "-",
        "colon": ": ",
    },
    "zh": {
        "certificate": "签署证书",
        "intro": "本证书记录上述文件的签署人、签署时间与签署方式。"
        "文件 SHA-256 按文件文本的 UTF-8 编码计算。",
        "preview": "预览件：本合同尚未完成签署",
        "test_mode": "测试模式 — 本合同不具约束力（由测试模式租户生成） TEST MODE",
        "contract_id": "合同编号",
        "title": "标题",
        "status": "状态",
        "completed_at": "完成时间",
        "signers": "签署方",
        "role": "角色",
        "party_id": "主体编号",
        "order": "签署顺序",
        "signed_at": "签署时间",
        "method": "意愿认证方式",
        "verification": "核验结果",
        "ip": "IP 地址",
        "user_agent": "用户代理",
        "asserted_by": "证据提供方",
        "by_gigkit": "gigkit 托管签署页（{via}）："
        "签署人输入了 gigkit 为该链接签发、由平台转交的一次性验证码",
        "by_platform": "平台通过其凭证 {via} 声明（gigkit 未核验）",
        "integrity": "完整性",
        "document_sha256": "文件 SHA-256",
        "chain_hash": "审计链哈希",
        "seal": "电子印章 (Ed25519)",
        "seal_key_id": "印章密钥编号",
        "tenant_id": "租户",
        "livemode": "livemode（印章所签原值；false 即测试模式）",
        "sealed_at": "completed_at（印章所签原值）",
        "attached": "本 PDF 附有以下文件，均受其数字签名（PAdES，印章密钥的证书）保护："
        "document.txt（文件原文）、audit-trail.json（审计记录）、seal.json（上列声明、印章及其"
        "密钥编号）。任何人可凭公布的公钥核验：gigkit contracts verify-pdf 或 "
        "gigkit_sdk.verify_sealed_pdf。",
        "none": "—",
        "colon": "：",
    },
}

# Chinese names for the machine values; the value itself follows in parentheses.
_ZH_VALUES = {
    "signed": "已签署",
    "pending": "待签署",
    "declined": "已拒签",
    "completed": "已完成",
    "sms_code": "短信验证码",
    "in_person": "现场签署",
    "hosted_page": "签署页面",
    "passed": "通过",
    "failed": "未通过",
}

_SIGNER_FIELD = ParagraphStyle("gigkit-signer-field", parent=_FIELD, leftIndent=6 * mm)


def render(document: str, *, title: str, locale: str, certificate: Certificate) -> bytes:
    """The contract as a PDF: the document text (paragraphs split on blank lines; lines kept),
    then a certificate page (in the locale's language: 'zh-CN' Chinese labels, else English)
    listing the contract id, status, each signer (name, role, order, status, time in ISO 8601
    UTC, method, verification, IP, user agent), the document SHA-256, the chain hash, the
    seal and its key id, completed_at. Deterministic: the same inputs give the same bytes."""
    labels = _LABELS["zh" if locale.replace("_", "-").lower().startswith("zh") else "en"]
    footer = certificate.contract_id
    if certificate.status != "completed":
        footer = f"{footer}  {labels['preview']}"
    story: list[Any] = [_para(title, _TITLE)]
    subject = certificate.contract_id
    if not certificate.livemode:
        footer = f"{footer}  {labels['test_mode']}"
        story.insert(0, _para(labels["test_mode"], _NOTICE))
        subject = f"TEST MODE - {subject}"
    for text in core_pdf.paragraphs(document):
        story += _lines(text)
    story.append(PageBreak())
    story += _certificate_story(certificate, labels)
    return core_pdf.build(
        story,
        footer=footer,
        locale=locale,
        title=_clean(title),
        subject=subject,
        keywords=[
            f"gigkit-contract-id:{certificate.contract_id}",
            f"gigkit-mode:{'live' if certificate.livemode else 'test'}",
            f"gigkit-document-sha256:{certificate.document_sha256}",
        ],
    )


def _certificate_story(cert: Certificate, labels: dict[str, str]) -> list[Any]:
    zh = labels is _LABELS["zh"]

    def value(raw: str | None) -> str:
        if raw is None or raw == "":
            return labels["none"]
        return f"{_ZH_VALUES[raw]} ({raw})" if zh and raw in _ZH_VALUES else raw

    def field(key: str, raw: str, style: ParagraphStyle = _FIELD, mono: bool = False) -> Any:
        return _field(labels[key] + labels["colon"], raw, style, mono=mono)

    story: list[Any] = [_para(labels["certificate"], _TITLE)]
    if not cert.livemode:
        story.append(_para(labels["test_mode"], _NOTICE))
    if cert.status != "completed":
        story.append(_para(labels["preview"], _NOTICE))
    story += [
        _para(labels["intro"], _FIELD),
        Spacer(1, 3 * mm),
        field("contract_id", cert.contract_id),
        field("title", cert.title),
        field("status", value(cert.status)),
        field("completed_at", _iso(cert.completed_at, labels)),
        _para(labels["signers"], _HEADING),
    ]
    for number, signer in enumerate(sorted(cert.signers, key=lambda s: s.order), start=1):
        story += [
            _para(f"{number}. {signer.name}", _BODY),
            field("role", value(signer.role), _SIGNER_FIELD),
            field("party_id", signer.party_id, _SIGNER_FIELD),
            field("order", str(signer.order), _SIGNER_FIELD),
            field("status", value(signer.status), _SIGNER_FIELD),
            field("signed_at", _iso(signer.signed_at, labels), _SIGNER_FIELD),
            field("method", value(signer.method), _SIGNER_FIELD),
            field("verification", value(signer.verification), _SIGNER_FIELD),
            field("asserted_by", _asserted(signer, labels), _SIGNER_FIELD),
            # free text last, as given (never translated), on one line, the agent quoted:
            # it cannot pass for one of the lines above
            field("ip", _free_text(signer.ip, labels), _SIGNER_FIELD),
            field("user_agent", _free_text(signer.user_agent, labels, quoted=True), _SIGNER_FIELD),
        ]
    story += [
        _para(labels["integrity"], _HEADING),
        field("document_sha256", cert.document_sha256, mono=True),
        field("chain_hash", value(cert.chain_hash), mono=True),
        field("seal", value(cert.seal), mono=True),
        field("seal_key_id", value(cert.seal_key_id)),
    ]
    if cert.status == "completed" and cert.seal is not None and cert.completed_at is not None:
        story += [
            field("tenant_id", value(cert.tenant_id)),
            field("livemode", "true" if cert.livemode else "false", mono=True),
            field("sealed_at", evidence.timestamp(cert.completed_at), mono=True),
            Spacer(1, 2 * mm),
            _para(labels["attached"], _FIELD),
        ]
    return story


def _free_text(raw: str | None, labels: dict[str, str], *, quoted: bool = False) -> str:
    """A value someone typed: whitespace runs collapsed (no line of its own), at most 200
    characters."""
    if not raw:
        return labels["none"]
    text = " ".join(raw.split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"“{text}”" if quoted else text


def _asserted(signer: SignerLine, labels: dict[str, str]) -> str:
    if signer.asserted_by == "gigkit":
        return labels["by_gigkit"].format(via=signer.asserted_via or labels["none"])
    if signer.asserted_by == "platform":
        return labels["by_platform"].format(via=signer.asserted_via or labels["none"])
    return labels["none"]


def _iso(value: dt.datetime | None, labels: dict[str, str]) -> str:
    """ISO 8601 in UTC to the second, e.g. 2025-03-01T08:30:00Z (naive values are UTC)."""
    return core_pdf.iso(value, labels["none"])
