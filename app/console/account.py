"""The Security page (`/console/account`: any signed-in admin turns two-factor sign-in on or
off for themselves) and the sign-in's second step (`/console/login/totp`). The rules are
`factors`'; the pending session between the two steps is `users`'."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Response, g, request, url_for
from markupsafe import Markup

from app.console import factors, texts, users
from app.console.models import AdminUser
from app.console.pages import PageContext, console, page, redirect_to

PENDING_COOKIE = "gk_console_2fa"


@console.route("/account")
@page(role="viewer")
def account(ctx: PageContext) -> Response:
    return _account_page(ctx)


@console.route("/account/totp", methods=["POST"])
@page(role="viewer")
def start_totp(ctx: PageContext) -> Response:
    admin = me(ctx)
    if factors.enabled(admin):
        return redirect_to(url_for("console.account"))
    return _enrol_page(ctx, admin, factors.start(ctx.session, admin))


@console.route("/account/totp/confirm", methods=["POST"])
@page(role="viewer")
def confirm_totp(ctx: PageContext) -> Response:
    admin = me(ctx)
    secret = factors.pending_secret(ctx.session, admin)
    if secret is None:
        return redirect_to(url_for("console.account"))
    codes = factors.confirm(
        ctx.session, user=admin, code=request.form.get("code", ""), actor=ctx.actor
    )
    if codes is None:
        return _enrol_page(ctx, admin, secret, ctx.t["totp_wrong_code"], 422)
    assert ctx.admin is not None  # other browsers signed in with the password alone: out
    users.end_sessions(ctx.session, admin.id, keep=ctx.admin.session.id)
    return ctx.render("console/account_recovery.html", 201, codes=codes)


@console.route("/account/totp/disable", methods=["POST"])
@page(role="viewer")
def disable_totp(ctx: PageContext) -> Response:
    admin = me(ctx)
    if users.factor_throttled(admin.id):
        return _account_page(ctx, error=ctx.t["login_throttled"], status=429)
    code = request.form.get("code", "")
    if not factors.disable(ctx.session, user=admin, code=code, actor=ctx.actor):
        users.count_factor_failure(admin.id)
        return _account_page(ctx, error=ctx.t["totp_wrong_code"], status=422)
    return _account_page(ctx, notice=ctx.t["totp_disabled"])


@console.route("/login/totp", methods=["GET", "POST"])
@page(role=None)
def login_totp(ctx: PageContext) -> Response:
    pending = users.pending_sign_in(ctx.session, request.cookies.get(PENDING_COOKIE))
    if pending is None:
        return redirect_to(url_for("console.login"))
    if request.method == "GET":
        return ctx.render("console/login_totp.html")
    user = pending.user
    if users.factor_throttled(user.id):
        return ctx.render("console/login_totp.html", 429, error=ctx.t["login_throttled"])
    actor = pending.actor(request_id=g.get("request_id"), ip=request.remote_addr)
    if not factors.check(ctx.session, user=user, code=request.form.get("code", ""), actor=actor):
        users.count_factor_failure(user.id)
        return ctx.render("console/login_totp.html", 401, error=ctx.t["totp_wrong_code"])
    users.log_out(ctx.session, pending)
    ctx.start_session(users.start_session(ctx.session, user, ip=request.remote_addr))
    ctx.set_cookie(PENDING_COOKIE, None)
    return redirect_to(safe_next(request.args.get("next")))


def second_step(ctx: PageContext, pending_token: str, target: str | None) -> Response:
    """After the right password of an admin with a second factor: the pending session's
    cookie, and on to the second step (then to `target`)."""
    ctx.set_cookie(PENDING_COOKIE, pending_token, int(users.PENDING_TTL.total_seconds()))
    query = urlencode({"next": target}) if target else ""
    return redirect_to(url_for("console.login_totp") + ("?" + query if query else ""))


def safe_next(target: str | None) -> str:
    """Back to the page the login interrupted, only if it is a console path (never another
    site: `//evil.example` and `https://...` are refused) of printable ASCII (a CR or LF
    would break the Location header)."""
    if (
        target
        and len(target) <= 2000
        and target.isascii()
        and target.isprintable()
        and target.startswith("/console/")
        and not urlsplit(target).netloc
        and "\\" not in target
    ):
        return target
    return url_for("console.home")


def _account_page(
    ctx: PageContext, *, notice: str | None = None, error: str | None = None, status: int = 200
) -> Response:
    admin = me(ctx)
    return ctx.render(
        "console/account.html",
        status,
        enabled=factors.enabled(admin),
        codes_left=factors.recovery_codes_left(admin),
        notice=notice,
        error=error,
    )


def _enrol_page(
    ctx: PageContext, admin: AdminUser, secret: str, error: str | None = None, status: int = 200
) -> Response:
    uri, svg = factors.qr_svg(admin, secret)
    qr = Markup(svg)  # noqa: S704 (segno's SVG: a path of our own numbers, no text of ours)
    return ctx.render(
        "console/account_totp.html", status, secret=secret, uri=uri, qr=qr, error=error
    )


def me(ctx: PageContext) -> AdminUser:
    """The signed-in admin of a page that needs one."""
    assert ctx.admin is not None
    return ctx.admin.user


texts.register(
    {
        "zh": {
            "account_title": "账号安全",
            "totp_title": "两步验证",
            "totp_is_on": "两步验证已开启。剩余 {left} 个恢复码。",
            "totp_is_off": "两步验证未开启：登录时只需密码。开启后，登录时还需要身份验证器应用"
            "（如 Google Authenticator、Microsoft Authenticator、1Password）生成的 6 位验证码。",
            "totp_set_up": "开启两步验证",
            "totp_scan": "用身份验证器应用扫描二维码，或手动输入下面的密钥，"
            "然后填写应用显示的 6 位验证码。",
            "totp_secret": "密钥",
            "totp_code": "验证码",
            "totp_confirm": "确认并开启",
            "totp_wrong_code": "验证码不正确或已使用过。",
            "totp_disable": "关闭两步验证",
            "totp_disable_hint": "输入当前的验证码（或一个恢复码）以关闭两步验证。",
            "totp_disabled": "两步验证已关闭。",
            "recovery_title": "恢复码",
            "recovery_once": "两步验证已开启。这是唯一一次显示这些恢复码：请立即保存。"
            "手机丢失时，每个恢复码可代替验证码使用一次。",
            "recovery_done": "我已保存，返回账号安全",
            "login_totp_title": "两步验证",
            "login_totp_hint": "输入身份验证器应用显示的 6 位验证码，或一个恢复码。",
            "login_totp_do": "验证",
        },
        "en": {
            "account_title": "Security",
            "totp_title": "Two-factor sign-in",
            "totp_is_on": "Two-factor sign-in is on. {left} recovery codes left.",
            "totp_is_off": "Two-factor sign-in is off: signing in takes only the password. Once "
            "on, it also takes the 6-digit code of an authenticator app (Google Authenticator, "
            "Microsoft Authenticator, 1Password...).",
            "totp_set_up": "Set up two-factor sign-in",
            "totp_scan": "Scan the QR code with an authenticator app, or type the secret below "
            "into it, then enter the 6-digit code it shows.",
            "totp_secret": "Secret",
            "totp_code": "Code",
            "totp_confirm": "Confirm and turn on",
            "totp_wrong_code": "The code is wrong or was used already.",
            "totp_disable": "Turn two-factor sign-in off",
            "totp_disable_hint": "Enter a current code (or a recovery code) to turn two-factor "
            "sign-in off.",
            "totp_disabled": "Two-factor sign-in is off.",
            "recovery_title": "Recovery codes",
            "recovery_once": "Two-factor sign-in is on. This is the only time these recovery "
            "codes are shown: save them now. If you lose your phone, each one works once "
            "instead of a code.",
            "recovery_done": "I saved them: back to Security",
            "login_totp_title": "Two-factor sign-in",
            "login_totp_hint": "Enter the 6-digit code your authenticator app shows, or a "
            "recovery code.",
            "login_totp_do": "Verify",
        },
    }
)
