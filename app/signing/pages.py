"""The hosted signing page: `/sign/<token>`, server-rendered, mobile-first, Chinese and
English (`?lang=zh|en`, else the browser's language, else the contract's).

The signer reads the frozen document and signs by entering the one-time code and
confirming. The page answers 410 for a link that expired, was used, was locked by wrong
codes or whose contract closed, and 404 for an unknown one. It is public (the token is the
capability), rate limited per client address, never cached and never framed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from app.core.errors import AppError
from app.core.ratelimit import check_public_limit
from app.signing import links

pages = Blueprint("signing_pages", __name__, template_folder="templates")

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "lang": "zh-CN",
        "title": "签署合同",
        "signer": "签署人",
        "contract": "合同编号",
        "expires": "链接有效期至",
        "sha256": "文件指纹 (SHA-256)",
        "code_label": "请输入短信收到的 6 位验证码",
        "agree": "我已阅读并同意上述协议的全部内容，确认签署。",
        "sign": "确认签署",
        "signed": "签署成功，感谢！",
        "status": "合同状态",
        "status_partially_signed": "部分签署，等待其他签署人",
        "status_completed": "已完成",
        "not_on_turn": "请等待前序签署人签署后再签。",
        "error_wrong_code": "验证码错误，还可以尝试 {n} 次。",
        "error_consent_missing": "请先勾选同意后再签署。",
        "error_not_on_turn": "请等待前序签署人签署后再签。",
        "error_failed": "签署未成功，请稍后重试。",
        "gone_expired": "该签署链接已过期。",
        "gone_used": "该签署链接已使用。",
        "gone_locked": "验证码错误次数过多，该链接已失效。",
        "gone_revoked": "该签署链接已被新的链接取代。",
        "gone_contract_closed": "该合同已无法签署（已完成、拒签、撤销或过期）。",
        "gone_unknown": "链接无效。",
        "gone_hint": "如仍需签署，请联系发起方获取新的签署链接。",
    },
    "en": {
        "lang": "en",
        "title": "Sign the contract",
        "signer": "Signer",
        "contract": "Contract",
        "expires": "This link works until",
        "sha256": "Document fingerprint (SHA-256)",
        "code_label": "Enter the 6-digit code you received by SMS",
        "agree": "I have read the agreement above and agree to all of it.",
        "sign": "Sign",
        "signed": "Signed. Thank you!",
        "status": "Contract status",
        "status_partially_signed": "partly signed, waiting for the other signers",
        "status_completed": "completed",
        "not_on_turn": "Please wait until the signers before you have signed.",
        "error_wrong_code": "Wrong code. {n} attempts left.",
        "error_consent_missing": "Tick the box to agree first.",
        "error_not_on_turn": "Please wait until the signers before you have signed.",
        "error_failed": "The signature did not go through; try again later.",
        "gone_expired": "This signing link has expired.",
        "gone_used": "This signing link has already been used.",
        "gone_locked": "Too many wrong codes: this link no longer works.",
        "gone_revoked": "This signing link was replaced by a newer one.",
        "gone_contract_closed": "This contract can no longer be signed "
        "(completed, declined, voided or expired).",
        "gone_unknown": "This link is not valid.",
        "gone_hint": "If you still need to sign, ask the sender for a new link.",
    },
}
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
}


@pages.route("/sign/<token>", methods=["GET", "POST"])
def sign_page(token: str) -> Response:
    check_public_limit()
    database = current_app.extensions["gigkit"].database
    just_signed = False
    with database.unit_of_work() as session:
        try:
            if request.method == "POST":
                seen = links.sign(
                    session,
                    token=token,
                    code=request.form.get("code", ""),
                    consented=request.form.get("agree") == "yes",
                    ip=request.remote_addr,
                    user_agent=request.headers.get("User-Agent"),
                )
                just_signed = seen.signed_now
            else:
                seen = links.visit(session, token)
        except AppError as error:  # the signature did not go through; nothing was written
            session.rollback()
            return _failed(error.status)
        html, status = _render(seen, just_signed=just_signed)
    return Response(html, status, mimetype="text/html", headers=HEADERS)


def _render(seen: links.Visit, *, just_signed: bool) -> tuple[str, int]:
    lang = _language(seen)
    texts = TEXTS[lang]
    state = seen.state if seen.link is not None else "unknown"
    context: dict[str, Any] = {
        "t": texts,
        "title": seen.contract.title if seen.contract is not None else texts["title"],
        "state": state,
        "just_signed": just_signed,
        "contract": seen.contract,
        "signer": seen.signer,
        "on_turn": seen.on_turn,
        "error": seen.error,
        "attempts_left": seen.attempts_left,
    }
    if seen.link is not None:
        context["expires_iso"] = seen.link.expires_at.isoformat()
        context["expires_text"] = _when(seen.link.expires_at, lang)
    if state == "unknown":
        return render_template("sign.html", **context), 404
    if state != "active" and not just_signed:
        return render_template("sign.html", **context), 410
    return render_template("sign.html", **context), 422 if seen.error else 200


def _failed(status: int) -> Response:
    texts = TEXTS[_language(links.Visit(None))]
    context = {"t": texts, "title": texts["title"], "state": "failed"}
    return Response(render_template("sign.html", **context), status, headers=HEADERS)


def _language(seen: links.Visit) -> str:
    asked = request.args.get("lang", "")
    if asked in TEXTS:
        return asked
    best = request.accept_languages.best_match(["zh", "zh-CN", "en"])
    if best:
        return "zh" if best.startswith("zh") else "en"
    if seen.contract is not None and seen.contract.locale.startswith("zh"):
        return "zh"
    return "en"


def _when(moment: dt.datetime, lang: str) -> str:
    """Beijing time: the signers are in China (the page shows the offset)."""
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
    if lang == "zh":
        return f"{local:%Y-%m-%d %H:%M} (北京时间)"
    return f"{local:%Y-%m-%d %H:%M} (UTC+8)"
