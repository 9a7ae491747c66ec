"""The hosted signing page: `/sign/<token>`, server-rendered, mobile-first, Chinese (the
default) and English (`?lang=zh|en`, else the browser's language, else the contract's).

The signer reads the frozen document and signs by entering the one-time code and
confirming. What a submit leads to is said at the top of the page, on a phone's first
screen: after a wrong code the form comes up there too, the consent box as the signer left
it; after signing, the receipt. A signer whose turn has not come is told who must sign
first. A signer who has signed sees on every later visit when they did, where the contract
stands, and a link to the signed PDF (`receipts`; `/sign/download/<token>`, short-lived).
The page answers 410 for a link that expired, was locked by wrong codes or replaced, or
whose contract closed before its signer signed (and to a submit on a used link), 404 for an
unknown one. It is public (the token is the capability), rate limited per client address,
never cached and never framed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, render_template, request, url_for

from app.core.errors import AppError
from app.core.ratelimit import check_public_limit
from app.signing import links, receipts
from app.signing.page_texts import TEXTS

if TYPE_CHECKING:
    from app.signing.models import ContractSigner

pages = Blueprint("signing_pages", __name__, template_folder="templates")

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
}
SIGNED = ("used", "contract_closed")  # the states in which the link's signer may have signed


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
            return _message(TEXTS[_language(None)], "error_failed", error.status)
        receipt = None
        if seen.link is not None and seen.contract is not None and seen.state in SIGNED:
            receipt = receipts.receipt(session, seen.link, seen.contract)
        html, status = _render(seen, receipt, just_signed=just_signed)
    return Response(html, status, mimetype="text/html", headers=HEADERS)


@pages.route("/sign/download/<token>")
def download_page(token: str) -> Response:
    """The signed PDF behind a receipt's download link."""
    check_public_limit()
    texts = TEXTS[_language(None)]
    try:
        with current_app.extensions["gigkit"].database.unit_of_work() as session:
            found = receipts.download(session, token)
    except AppError as error:  # too many downloads at once, or the PDF could not be made
        return _message(texts, "pdf_failed", error.status)
    if found.outcome == "ready":
        disposition = f'attachment; filename="{found.contract_id}.pdf"'
        headers = {**HEADERS, "Content-Disposition": disposition}
        return Response(found.pdf, 200, mimetype="application/pdf", headers=headers)
    if found.outcome == "rendering":
        return _message(texts, "pdf_rendering", 202, refresh=found.retry_after)
    return _message(texts, f"pdf_{found.outcome}", 410 if found.outcome == "expired" else 404)


def _render(
    seen: links.Visit, receipt: receipts.Receipt | None, *, just_signed: bool
) -> tuple[str, int]:
    lang = _language(seen)
    texts = TEXTS[lang]
    state = seen.state if seen.link is not None else "unknown"
    agreed = request.method == "POST" and request.form.get("agree") == "yes"
    code = request.form.get("code", "").strip() if seen.error == "consent_missing" else ""
    context: dict[str, Any] = {
        "t": texts,
        "title": seen.contract.title if seen.contract is not None else texts["title"],
        "state": state,
        "just_signed": just_signed,
        "contract": seen.contract,
        "signer": seen.signer,
        "on_turn": seen.on_turn,
        "error": seen.error if seen.error != "not_on_turn" else None,
        "attempts_left": seen.attempts_left,
        "agreed": agreed,
        "code": code if re.fullmatch(r"[0-9]{6}", code) else "",
        "receipt": None,
    }
    if seen.signer is not None:
        context["signer_label"] = _names([seen.signer], texts)
    if seen.link is not None:
        context["expires_iso"] = seen.link.expires_at.isoformat()
        context["expires_text"] = _when(seen.link.expires_at, lang)
    if seen.contract is not None and seen.signer is not None and not seen.on_turn:
        first = receipts.must_sign_first(seen.contract, seen.signer)
        context["waiting"] = texts["waiting"].format(names=_names(first, texts))
    if receipt is not None:
        context["receipt"] = _receipt(receipt, texts, lang)
    if state == "unknown":
        return render_template("sign.html", **context), 404
    if receipt is not None:
        return render_template("sign.html", **context), 410 if _resubmitted(just_signed) else 200
    if state != "active":
        return render_template("sign.html", **context), 410
    return render_template("sign.html", **context), 422 if seen.error else 200


def _resubmitted(just_signed: bool) -> bool:
    """A submit on a link already used: nothing was signed now."""
    return request.method == "POST" and not just_signed


def _receipt(receipt: receipts.Receipt, texts: dict[str, str], lang: str) -> dict[str, str]:
    if receipt.awaiting:
        now = texts["now_awaiting"].format(names=_names(receipt.awaiting, texts))
    else:
        now = texts.get(f"now_{receipt.status}", "")
    shown = {"signed_on": texts["signed_on"].format(when=_when(receipt.signed_at, lang))}
    shown["now"] = now
    if receipt.download_token is not None:
        minutes = int(receipts.DOWNLOAD_TTL.total_seconds() // 60)
        shown["download_url"] = url_for(
            "signing_pages.download_page", token=receipt.download_token, lang=lang
        )
        shown["download_valid"] = texts["download_valid"].format(minutes=minutes)
    elif receipt.download_closed:
        shown["download_closed"] = texts["download_closed"].format(
            days=receipts.DOWNLOAD_WINDOW.days
        )
    return shown


def _names(signers: Iterable[ContractSigner], texts: dict[str, str]) -> str:
    """`陈伟（员工）、嘉善劳务（用工单位）`: names with their roles, in the page's language (a
    role gigkit does not know is shown as given). Plain text: the template escapes it."""
    return texts["and"].join(
        texts["who"].format(name=s.name, role=texts.get(f"role_{s.role}", s.role)) for s in signers
    )


def _message(texts: dict[str, str], key: str, status: int, refresh: int | None = None) -> Response:
    """A page that only says something: a failed signature, a download that cannot be had."""
    context: dict[str, Any] = {
        "t": texts,
        "title": texts["title"],
        "state": "message",
        "message": key,
    }
    headers = dict(HEADERS)
    if refresh is not None:
        context["refresh"] = refresh
        headers["Retry-After"] = str(refresh)
    return Response(render_template("sign.html", **context), status, headers=headers)


def _language(seen: links.Visit | None) -> str:
    asked = request.args.get("lang", "")
    if asked in TEXTS:
        return asked
    best = request.accept_languages.best_match(["zh", "zh-CN", "en"])
    if best:
        return "zh" if best.startswith("zh") else "en"
    if seen is not None and seen.contract is not None and not seen.contract.locale.startswith("zh"):
        return "en"
    return "zh"


def _when(moment: dt.datetime, lang: str) -> str:
    """Beijing time: the signers are in China (the page shows the offset)."""
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
    if lang == "zh":
        return f"{local:%Y-%m-%d %H:%M} (北京时间)"
    return f"{local:%Y-%m-%d %H:%M} (UTC+8)"
