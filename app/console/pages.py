"""The console's page pipeline: `@page(role=..., csrf=True)`, beside the API's `operation`.

    @console.route("/console/keys/new", methods=["GET", "POST"])
    @page(role="developer")
    def new_key(ctx: PageContext) -> Response: ...

In one unit of work (the request's only commit point): the admin's session cookie ->
the admin user, the unit of work bound to their tenant -> the role check (403) -> on a POST,
the CSRF token (403) -> the view. A page without a signed-in admin redirects to the login
page (`role=None`: a page for anyone, such as the login page itself). Any exception rolls
the whole request back and is answered with an HTML error page in the admin's language,
never a stack trace.

Sessions are server-side rows (`users`), not Flask's signed cookie session: the cookie holds
only a random token, so signing out or expiry ends a session for good, and nothing about the
admin is readable or replayable from the cookie after that. The CSRF token is a keyed hash of
the session token (before sign-in: of a random pre-session cookie), so it needs no storage,
changes with every session and cannot be computed without the server's secret.

Cookies are HttpOnly, SameSite=Lax, limited to /console, and Secure when the request came
over https (directly, or through a trusted proxy's X-Forwarded-Proto). The language is
`?lang=zh|en` (remembered in a cookie), else the tenant's locale, else the browser's.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from sqlalchemy.orm import Session

from app.console import users
from app.console.texts import LANGUAGES, TEXTS, language_of_locale
from app.core.auth import Actor
from app.core.db import keyring_of
from app.core.errors import AppError
from app.core.time import set_tenant_mode
from app.tenants import service as tenants

log = logging.getLogger(__name__)

console = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

# The header's links, in order: (endpoint, text key, least role). A page module's endpoint
# shows once that module is imported (`routes`) and the admin's role allows it.
NAV: tuple[tuple[str, str, str], ...] = (
    ("console.keys", "api_keys", "viewer"),
    ("console.oauth_clients", "oauth_clients", "viewer"),
    ("console.webhooks", "webhooks", "viewer"),
    ("console.team", "team", "viewer"),
    ("console.audit", "audit_log", "admin"),
    ("console.usage", "usage", "viewer"),
    ("console.escrow", "escrow", "viewer"),
)

PATH = "/console"
COOKIE = "gk_console"
PRE_COOKIE = "gk_console_pre"
LANG_COOKIE = "gk_console_lang"
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'",
}


class PageError(Exception):
    """An answer that is only an error page: `key` names its message in the catalogue."""

    def __init__(self, status: int, key: str | None = None) -> None:
        super().__init__(key)
        self.status = status
        self.key = key or f"error_{status}"


@dataclass
class PageContext:
    """What a page view gets: never imported, always injected."""

    session: Session
    admin: users.SignedIn | None
    lang: str
    csrf: str
    zone: ZoneInfo | None = None
    cookies: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def t(self) -> dict[str, str]:
        return TEXTS[self.lang]

    @property
    def actor(self) -> Actor:
        assert self.admin is not None
        return self.admin.actor(request_id=g.get("request_id"), ip=request.remote_addr)

    def can(self, role: str) -> bool:
        return self.admin is not None and users.allows(self.admin.user.role, role)

    def when(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return self.t["never"]
        local = moment.astimezone(self.zone) if self.zone else moment
        return f"{local:%Y-%m-%d %H:%M}"

    def nav(self) -> list[tuple[str, str]]:
        """The header's links this admin may follow: (endpoint, label)."""
        return [
            (endpoint, self.t[key])
            for endpoint, key, role in NAV
            if endpoint in current_app.view_functions and self.can(role)
        ]

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        html = render_template(template, ctx=self, t=self.t, **context)
        return Response(html, status, mimetype="text/html")

    def start_session(self, token: str) -> None:
        self.cookies.append((COOKIE, token))

    def end_session(self) -> None:
        self.cookies.append((COOKIE, None))


def page(
    *, role: str | None = "viewer", csrf: bool = True
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Serve a console page (see the module docstring). `role`: the least role that may
    open it (`users.ROLES`), None for a page anyone may open."""
    if role is not None and role not in users.ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorator(func: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Response:
            try:
                response = _serve(func, role, csrf, kwargs)
            except PageError as error:
                response = error_page(error.status, error.key)
            except RateLimitExceeded:
                response = error_page(429)
            except AppError as error:
                response = error_page(error.status if error.status < 500 else 500)
            except Exception:
                log.exception("console page %s failed", request.path)
                response = error_page(500)
            return _finish(response)

        return wrapper

    return decorator


def _serve(
    func: Callable[..., Response], role: str | None, csrf: bool, kwargs: dict[str, Any]
) -> Response:
    database = current_app.extensions["gigkit"].database
    with database.unit_of_work() as session:
        admin = users.signed_in(session, request.cookies.get(COOKIE))
        ctx = PageContext(session, admin, _language(), "")
        if admin is not None:
            set_tenant_mode(session, tenants.get_current(session).mode)
            settings = tenants.settings_of(session)
            ctx.zone = ZoneInfo(settings.time_zone)
            ctx.lang = _language(language_of_locale(settings.locale))
        if role is not None and admin is None:
            return redirect(url_for("console.login", next=request.path), 303)  # type: ignore[return-value]
        if role is not None and not ctx.can(role):
            raise PageError(403)
        ctx.csrf = _csrf_token(session, ctx)
        if csrf and request.method == "POST":
            sent = request.form.get("csrf", "")
            if not sent or not hmac.compare_digest(sent, ctx.csrf):
                raise PageError(403, "error_csrf")
        response = func(ctx, **kwargs)
        for name, value in ctx.cookies:
            _set_cookie(response, name, value)
        if request.args.get("lang") in LANGUAGES:
            _set_cookie(response, LANG_COOKIE, ctx.lang)
        return response


def _csrf_token(session: Session, ctx: PageContext) -> str:
    basis = request.cookies.get(COOKIE) if ctx.admin is not None else None
    if basis is None:
        basis = request.cookies.get(PRE_COOKIE, "")
        if len(basis) != 43:  # a fresh pre-session cookie: token_urlsafe(32)
            basis = secrets.token_urlsafe(32)
            ctx.cookies.append((PRE_COOKIE, basis))
    return keyring_of(session).hash_secret("console-csrf:" + basis)


def _language(default: str | None = None) -> str:
    for asked in (request.args.get("lang"), request.cookies.get(LANG_COOKIE), default):
        if asked in LANGUAGES:
            return str(asked)
    best = request.accept_languages.best_match(["zh", "zh-CN", "en"])
    return "en" if best == "en" else "zh"


def _set_cookie(response: Response, name: str, value: str | None) -> None:
    if value is None:
        response.delete_cookie(name, path=PATH, httponly=True, samesite="Lax")
        return
    max_age = int(users.SESSION_TTL.total_seconds()) if name == COOKIE else None
    if name == LANG_COOKIE:
        max_age = 365 * 86400
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PATH,
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )


def first_page(ctx: PageContext) -> str:
    """The endpoint of the first page in the header this admin may open."""
    links = ctx.nav()
    return links[0][0] if links else "console.login"


def redirect_to(target: str) -> Response:
    """A 303 See Other: after a POST, the browser GETs `target`."""
    return redirect(target, 303)  # type: ignore[return-value]


def error_page(status: int, key: str | None = None) -> Response:
    """An HTML page that only says what went wrong, in the visitor's language."""
    texts = TEXTS[_language()]
    message = texts.get(key or f"error_{status}") or texts["error_500"]
    html = render_template("console/error.html", t=texts, message=message, status=status)
    return Response(html, status, mimetype="text/html")


def _finish(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response
