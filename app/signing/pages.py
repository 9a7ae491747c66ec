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
never cached and never framed.

The pages go through the kernel's page pipeline (`core.pages`, as the console's do): one
unit of work, the security headers (this family's own policy: no script at all), the
language, and an HTML error page in the signer's language for any exception, rolled back.
The signing family's authentication strategy is the token in the path: `signing_link`
finds the link (binding the unit of work to its tenant) and prefers its contract's
language; `download_token` opens a receipt's PDF. The form carries no CSRF token: a
cross-site form cannot know the link's token or its code, and the pipeline refuses a POST
the browser marks cross-site anyway. Paths under /sign that are no page answer an HTML 404
(405 with `Allow` for a page's path under another method)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request, url_for

from app.core.pages import ROUTED_METHODS, PageContext, PageFamily
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


@dataclass
class SigningContext(PageContext):
    """What a signing view gets: what the path's token opened."""

    visit: links.Visit = field(default_factory=lambda: links.Visit(None))
    download: receipts.Download = field(default_factory=lambda: receipts.Download("missing"))


SIGNING = PageFamily(
    name="signing",
    texts=TEXTS,
    headers=HEADERS,
    error_template="sign_message.html",
    cookie_path="/sign",
    context=SigningContext,
    browser_first=True,  # a worker's phone knows their language better than the contract
    form_tokens=False,  # the token in the path is the capability (module docstring)
    limit=check_public_limit,
)
SIGNING.cover(pages)


def signing_link(ctx: SigningContext, kwargs: dict[str, Any]) -> None:
    """The signing page's authentication strategy: the link behind the path's token."""
    ctx.visit = links.visit(ctx.session, kwargs["token"])
    if ctx.visit.contract is not None:
        ctx.prefer("zh" if ctx.visit.contract.locale.startswith("zh") else "en")


def download_token(ctx: SigningContext, kwargs: dict[str, Any]) -> None:
    """The download page's: the signed PDF behind a receipt's download token."""
    ctx.download = receipts.download(ctx.session, kwargs["token"])


@pages.route("/sign/<token>", methods=["GET", "POST"])
@SIGNING.page(signing_link, failed="error_failed")
def sign_page(ctx: SigningContext, token: str) -> Response:
    seen = ctx.visit
    if request.method == "POST":  # a failed signature (AppError) writes nothing
        seen = links.sign(
            ctx.session,
            token=token,
            code=request.form.get("code", ""),
            consented=request.form.get("agree") == "yes",
            ip=request.remote_addr,
            user_agent=request.headers.get("User-Agent"),
        )
    receipt = None
    if seen.link is not None and seen.contract is not None and seen.state in SIGNED:
        receipt = receipts.receipt(ctx.session, seen.link, seen.contract)
    return _render(ctx, seen, receipt)


@pages.route("/sign/download/<token>")
@SIGNING.page(download_token, failed="pdf_failed")
def download_page(ctx: SigningContext, token: str) -> Response:
    """The signed PDF behind a receipt's download link."""
    found = ctx.download
    if found.outcome == "ready":
        disposition = f'attachment; filename="{found.contract_id}.pdf"'
        headers = {"Content-Disposition": disposition}
        return Response(found.pdf, 200, mimetype="application/pdf", headers=headers)
    if found.outcome == "rendering":
        return _message(ctx, "pdf_rendering", 202, refresh=found.retry_after)
    return _message(ctx, f"pdf_{found.outcome}", 410 if found.outcome == "expired" else 404)


@pages.route("/sign", methods=ROUTED_METHODS)
@pages.route("/sign/", methods=ROUTED_METHODS)
@pages.route("/sign/<path:rest>", methods=ROUTED_METHODS)
def unknown_page(rest: str = "") -> Response:
    """A path under /sign that is no page: an HTML 404, or 405 under another method."""
    return SIGNING.unmatched(request.endpoint or "")


def _render(ctx: SigningContext, seen: links.Visit, receipt: receipts.Receipt | None) -> Response:
    texts, lang, just_signed = ctx.t, ctx.lang, seen.signed_now
    state = seen.state if seen.link is not None else "unknown"
    agreed = request.method == "POST" and request.form.get("agree") == "yes"
    code = request.form.get("code", "").strip() if seen.error == "consent_missing" else ""
    context: dict[str, Any] = {
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
        return ctx.render("sign.html", 404, **context)
    if receipt is not None:
        return ctx.render("sign.html", 410 if _resubmitted(just_signed) else 200, **context)
    if state != "active":
        return ctx.render("sign.html", 410, **context)
    return ctx.render("sign.html", 422 if seen.error else 200, **context)


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


def _message(ctx: SigningContext, key: str, status: int, refresh: int | None = None) -> Response:
    """A page that only says something: a download that cannot be had (yet)."""
    answer = ctx.render("sign_message.html", status, key=key, message=ctx.t[key], refresh=refresh)
    if refresh is not None:
        answer.headers["Retry-After"] = str(refresh)
    return answer


def _when(moment: dt.datetime, lang: str) -> str:
    """Beijing time: the signers are in China (the page shows the offset)."""
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
    if lang == "zh":
        return f"{local:%Y-%m-%d %H:%M} (北京时间)"
    return f"{local:%Y-%m-%d %H:%M} (UTC+8)"
