"""Server-rendered HTML pages: the one pipeline behind every page family (the admin console,
the hosted signing page), beside the API's `operation`.

A `PageFamily` fixes what its pages share: the message catalogue (every language the same
keys), the security headers (each family its own Content-Security-Policy), the template of
its error page, where its cookies live, how it chooses a language and the rate limit it
counts against. `family.page(authenticate, csrf=...)` serves a view:

    @bp.route("/thing/<token>", methods=["GET", "POST"])
    @family.page(_by_token)
    def thing(ctx: PageContext, token: str) -> Response: ...

In one unit of work (the request's only commit point): the rate limit -> `authenticate`,
the family's strategy for who the visitor is (the console: the admin's session cookie and
role; the signing page: the signing link's token), which binds the unit of work to the
visitor's tenant, may prefer a language (the tenant's, the contract's), may answer instead
of the view (a redirect to sign in) or refuse (`PageError`) -> for any method but GET
(HEAD runs as GET, so a view never takes it for a form's submission), the CSRF check ->
the view. Any exception rolls the whole request back and is answered with the family's HTML
error page in the visitor's language (the status kept, `Allow` and `Retry-After` too),
never a stack trace; only the unexpected ones are logged.

CSRF: a POST that the browser says comes from another site (`Sec-Fetch-Site: cross-site`)
is refused in every family. A family with `form_tokens` also needs the form's `csrf` field
to equal `ctx.csrf`, which its strategy sets (the console: a keyed hash of the session).

The language is `?lang=`, then the family's language cookie if it has one (set when
`?lang=` chose), then the visitor's preference and the browser's (`browser_first` says which
comes first), then the first language of the catalogue. `unmatched` answers a family's
paths that match no page: 405 with `Allow` when another method would, else 404.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from flask import Blueprint, Response, current_app, render_template, request
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from app.core import idempotency, ratelimit
from app.core.db import is_transient, sqlstate
from app.core.errors import AppError

log = logging.getLogger(__name__)

LANG_COOKIE_AGE = 365 * 86400
ROUTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")  # for a family's catch-all route
SAFE_METHODS = ("GET", "OPTIONS")  # (HEAD runs as GET) every other method needs the CSRF check


class PageError(Exception):
    """An answer that is only an error page: `key` names its message in the catalogue."""

    def __init__(
        self, status: int, key: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(key)
        self.status = status
        self.key = key or f"error_{status}"
        self.headers = dict(headers or {})


@dataclass
class PageContext:
    """What a page view gets: never imported by a view, always injected. A family may give
    its views a subclass with what its strategy found (the admin, the signing link)."""

    session: Session
    family: PageFamily[Any]
    lang: str
    csrf: str = ""
    cookies: list[tuple[str, str | None, int | None]] = field(default_factory=list)

    @property
    def t(self) -> dict[str, str]:
        return self.family.texts[self.lang]

    def prefer(self, lang: str | None) -> None:
        """The visitor's own language (their tenant's, their contract's), if they did not
        ask for another."""
        self.lang = self.family.language(lang)

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        html = render_template(template, ctx=self, t=self.t, **context)
        return Response(html, status, mimetype="text/html")

    def set_cookie(self, name: str, value: str | None, max_age: int | None = None) -> None:
        """Set (or, with None, delete) a cookie on the response, at the family's path."""
        self.cookies.append((name, value, max_age))


C = TypeVar("C", bound=PageContext)
View = Callable[..., Response]
Strategy = Callable[[C, dict[str, Any]], Response | None]


@dataclass(frozen=True)
class PageFamily(Generic[C]):
    """Pages that share a catalogue, headers, an error page and cookies (module docstring)."""

    name: str
    texts: dict[str, dict[str, str]]
    headers: Mapping[str, str]
    error_template: str  # gets t, status, key, message
    cookie_path: str
    context: type[C]
    lang_cookie: str | None = None
    browser_first: bool = False
    form_tokens: bool = True
    limit: Callable[[], None] | None = None

    def page(
        self, authenticate: Strategy[C], *, csrf: bool = True, failed: str | None = None
    ) -> Callable[[View], View]:
        """Serve a view through the pipeline. `csrf`: check POSTs (module docstring);
        `failed`: the message key when a domain error (`AppError`) stops the view, instead
        of the one of its status."""

        def decorator(func: View) -> View:
            @functools.wraps(func)
            def wrapper(**kwargs: Any) -> Response:
                return self._serve(authenticate, func, kwargs, csrf=csrf, failed=failed)

            return wrapper

        return decorator

    def _serve(
        self,
        authenticate: Strategy[C],
        view: View,
        kwargs: dict[str, Any],
        *,
        csrf: bool,
        failed: str | None,
    ) -> Response:
        lang = self.language()
        if request.method == "HEAD":  # safe: the view shows, as for GET (the server drops
            request.method = "GET"  # the body), never taking HEAD for a form's submission
        try:
            if self.limit is not None:
                self.limit()
            with current_app.extensions["gigkit"].database.unit_of_work() as session:
                ctx = self.context(session=session, family=self, lang=lang)
                try:
                    response = authenticate(ctx, kwargs)
                    if response is None:
                        if csrf and request.method not in SAFE_METHODS:
                            self._check_csrf(ctx)
                        response = view(ctx, **kwargs)
                finally:
                    lang = ctx.lang  # an error page speaks the visitor's language
                self._set_cookies(response, ctx)
        except Exception as error:  # rolled back above; answered as a page
            response = self._error_response(error, lang, failed)
        return self.finish(response)

    def _check_csrf(self, ctx: C) -> None:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            raise PageError(403, "error_csrf")
        if self.form_tokens:
            sent = request.form.get("csrf", "")
            if not sent or not ctx.csrf or not hmac.compare_digest(sent, ctx.csrf):
                raise PageError(403, "error_csrf")

    def _error_response(self, error: Exception, lang: str, failed: str | None) -> Response:
        key: str | None = None
        headers: dict[str, str] = {}
        if isinstance(error, PageError):
            status, key, headers = error.status, error.key, error.headers
        elif isinstance(error, RateLimitExceeded):
            status, headers = 429, dict(ratelimit.to_problem(error).headers)
        elif isinstance(error, AppError):
            status, key, headers = error.status, failed, dict(error.headers)
        elif isinstance(error, idempotency.KeyTakenMeanwhile) or (
            isinstance(error, OperationalError)
            and (is_transient(error) or sqlstate(error) == "55P03")  # 55P03: lock timeout
        ):  # a collision with another request (a form sent twice at once): try again
            status, key, headers = 503, failed, {"Retry-After": "1"}
        elif isinstance(error, HTTPException) and (error.code or 500) < 500:
            status = error.code or 400  # a malformed or oversized form
        else:
            log.exception("%s page %s failed", self.name, request.path)
            status = 500
        response = self.error_page(status, key, lang)
        response.headers.update(headers)
        return response

    def error_page(self, status: int, key: str | None = None, lang: str | None = None) -> Response:
        """An HTML page that only says what went wrong, in the visitor's language."""
        texts = self.texts[lang or self.language()]
        key = key or f"error_{status}"
        fallback = "error_400" if status < 500 else "error_500"
        message = texts.get(key) or texts[fallback]
        html = render_template(
            self.error_template, t=texts, status=status, key=key, message=message
        )
        return Response(html, status, mimetype="text/html")

    def cover(self, blueprint: Blueprint) -> None:
        """Every answer under the family's path carries its headers, also those no page
        makes (Flask's automatic OPTIONS, Werkzeug's 405 for a method no route knows)."""

        def headers(response: Response) -> Response:
            path = request.path
            ours = path == self.cookie_path or path.startswith(self.cookie_path + "/")
            if ours and "Content-Security-Policy" not in response.headers:
                self.finish(response)
            return response

        blueprint.after_app_request(headers)

    def finish(self, response: Response) -> Response:
        """Every answer of the family carries its security headers."""
        for name, value in self.headers.items():
            response.headers[name] = value
        return response

    def language(self, preferred: str | None = None) -> str:
        asked = [request.args.get("lang")]
        if self.lang_cookie is not None:
            asked.append(request.cookies.get(self.lang_cookie))
        browser = self._browser_language()
        asked += [browser, preferred] if self.browser_first else [preferred, browser]
        return next((str(a) for a in asked if a in self.texts), next(iter(self.texts)))

    def _browser_language(self) -> str | None:
        best = request.accept_languages.best_match(["zh", "zh-CN", "en"])
        return None if best is None else "zh" if best.startswith("zh") else "en"

    def _set_cookies(self, response: Response, ctx: C) -> None:
        if self.lang_cookie is not None and request.args.get("lang") in self.texts:
            ctx.set_cookie(self.lang_cookie, ctx.lang, LANG_COOKIE_AGE)
        for name, value, max_age in ctx.cookies:
            if value is None:
                response.delete_cookie(name, path=self.cookie_path, httponly=True, samesite="Lax")
                continue
            response.set_cookie(
                name,
                value,
                max_age=max_age,
                path=self.cookie_path,
                secure=request.is_secure,
                httponly=True,
                samesite="Lax",
            )

    def unmatched(self, catch_all: str) -> Response:
        """The answer of the family's catch-all route (endpoint `catch_all`): 405 with
        `Allow` when the path is a page's under another method, else 404."""
        adapter = current_app.url_map.bind_to_environ(request.environ)
        allowed = []
        for method in ROUTED_METHODS:
            try:
                rule, _ = adapter.match(method=method, return_rule=True)
            except HTTPException:
                continue
            if rule.endpoint != catch_all:
                allowed.append(method)
        if not allowed:
            return self.finish(self.error_page(404))
        if "GET" in allowed:
            allowed += ["HEAD"]
        answer = self.error_page(405)
        answer.headers["Allow"] = ", ".join(allowed)
        return self.finish(answer)


def nobody(ctx: PageContext, kwargs: dict[str, Any]) -> None:
    """The strategy of a page anyone may open and nobody is recognised on."""
    return None
