"""The console's pages: `@page(role=..., csrf=True)`, the console's configuration of the
kernel's page pipeline (`core.pages`), beside the API's `operation`.

    @console.route("/console/keys/new", methods=["GET", "POST"])
    @page(role="developer")
    def new_key(ctx: PageContext) -> Response: ...

The pipeline gives every page one unit of work (the request's only commit point), CSRF on
POSTs, the security headers, the language, and an HTML error page in the admin's language
for any exception (rolled back, never a stack trace). What is the console's own is its
authentication strategy: the admin's session cookie -> the admin user, the unit of work
bound to their tenant (its mode, time zone and locale) -> the role check (403). A page
without a signed-in admin redirects to the login page (`role=None`: a page for anyone,
such as the login page itself).

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
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, g, redirect, request, url_for

from app.console import users
from app.console.texts import TEXTS, language_of_locale
from app.core.auth import Actor
from app.core.db import keyring_of
from app.core.pages import PageContext as BasePageContext
from app.core.pages import PageError, PageFamily
from app.core.time import set_tenant_mode
from app.tenants import service as tenants

__all__ = [
    "NAV",
    "PageContext",
    "PageError",
    "console",
    "error_page",
    "first_page",
    "page",
    "redirect_to",
    "unmatched",
]

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


LOCAL_YEARS = (1970, 2999)  # what a date field may name


@dataclass
class PageContext(BasePageContext):
    """What a console view gets: the pipeline's context and the signed-in admin."""

    admin: users.SignedIn | None = None
    zone: ZoneInfo | None = None

    @property
    def actor(self) -> Actor:
        assert self.admin is not None
        return self.admin.actor(request_id=g.get("request_id"), ip=request.remote_addr)

    def can(self, role: str) -> bool:
        return self.admin is not None and users.allows(self.admin.user.role, role)

    def local_time(self, text: str, *, end: bool = False) -> dt.datetime | None:
        """A `datetime-local` value (`2026-12-04T09:30`, or with an offset) read in the
        tenant's zone, as UTC; None if it is not one, or falls outside 1970-2999 (year 1
        or 9999 would overflow on the way to UTC). `end`: the end of a range given to the
        minute includes that minute."""
        try:
            local = dt.datetime.fromisoformat(text[:32])
        except ValueError:
            return None
        if not LOCAL_YEARS[0] <= local.year <= LOCAL_YEARS[1]:
            return None
        local = local if local.tzinfo else local.replace(tzinfo=self.zone)
        if end and len(text) <= 16:
            local += dt.timedelta(minutes=1)
        return local.astimezone(dt.UTC)

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

    def start_session(self, token: str) -> None:
        self.set_cookie(COOKIE, token, int(users.SESSION_TTL.total_seconds()))

    def end_session(self) -> None:
        self.set_cookie(COOKIE, None)


CONSOLE = PageFamily(
    name="console",
    texts=TEXTS,
    headers=HEADERS,
    error_template="console/error.html",
    cookie_path=PATH,
    context=PageContext,
    lang_cookie=LANG_COOKIE,
)
CONSOLE.cover(console)


def page(
    *, role: str | None = "viewer", csrf: bool = True
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Serve a console page (see the module docstring). `role`: the least role that may
    open it (`users.ROLES`), None for a page anyone may open."""
    if role is not None and role not in users.ROLES:
        raise ValueError(f"unknown role {role!r}")

    def admin_session(ctx: PageContext, kwargs: dict[str, Any]) -> Response | None:
        """The console's authentication strategy: the admin behind the session cookie."""
        admin = users.signed_in(ctx.session, request.cookies.get(COOKIE))
        ctx.admin = admin
        if admin is not None:
            set_tenant_mode(ctx.session, tenants.get_current(ctx.session).mode)
            settings = tenants.settings_of(ctx.session)
            ctx.zone = ZoneInfo(settings.time_zone)
            ctx.prefer(language_of_locale(settings.locale))
        if role is not None and admin is None:
            return redirect(url_for("console.login", next=request.path), 303)  # type: ignore[return-value]
        if role is not None and not ctx.can(role):
            raise PageError(403)
        ctx.csrf = _csrf_token(ctx)
        return None

    return CONSOLE.page(admin_session, csrf=csrf)


def _csrf_token(ctx: PageContext) -> str:
    basis = request.cookies.get(COOKIE) if ctx.admin is not None else None
    if basis is None:
        basis = request.cookies.get(PRE_COOKIE, "")
        if len(basis) != 43:  # a fresh pre-session cookie: token_urlsafe(32)
            basis = secrets.token_urlsafe(32)
            ctx.set_cookie(PRE_COOKIE, basis)
    return keyring_of(ctx.session).hash_secret("console-csrf:" + basis)


def first_page(ctx: PageContext) -> str:
    """The endpoint of the first page in the header this admin may open."""
    links = ctx.nav()
    return links[0][0] if links else "console.login"


def redirect_to(target: str) -> Response:
    """A 303 See Other: after a POST, the browser GETs `target`."""
    return redirect(target, 303)  # type: ignore[return-value]


def error_page(status: int, key: str | None = None) -> Response:
    """An HTML page that only says what went wrong, in the visitor's language."""
    return CONSOLE.finish(CONSOLE.error_page(status, key))


def unmatched() -> Response:
    """The console's catch-all route: 405 (with `Allow`) for a page's path under another
    method, else 404; both HTML pages."""
    return CONSOLE.unmatched(request.endpoint or "")
