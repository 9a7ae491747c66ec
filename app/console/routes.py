"""The console's own pages (sign in and out, the home page, 404s) and the import of every
other page module, which registers its views on the blueprint. Thin: each view reads its
form, calls a `service`, and renders (`pages` does the rest)."""

from __future__ import annotations

from flask import Response, request, url_for

from app.console import account, keys, oauth_clients, reports, team, users, webhooks
from app.console.account import safe_next
from app.console.pages import PageContext, console, first_page, page, redirect_to, unmatched

# importing each registers its views on `console` (and the header's links)
PAGE_MODULES = (
    keys,
    oauth_clients,
    webhooks,
    team,
    account,
    reports,
)


@console.route("/login", methods=["GET", "POST"])
@page(role=None)
def login(ctx: PageContext) -> Response:
    if request.method != "POST":  # GET, or HEAD
        return ctx.render("console/login.html", email="")
    email = request.form.get("email", "")[:254]
    password = request.form.get("password", "")
    if users.throttled(email, request.remote_addr):
        return ctx.render("console/login.html", 429, email=email, error=ctx.t["login_throttled"])
    token = users.log_in(ctx.session, email=email, password=password, ip=request.remote_addr)
    if token is None:
        return ctx.render("console/login.html", 401, email=email, error=ctx.t["login_failed"])
    if token.startswith(users.PENDING_PREFIX):  # a second factor is due
        return account.second_step(ctx, token, request.args.get("next"))
    ctx.start_session(token)
    return redirect_to(safe_next(request.args.get("next")))


@console.route("/logout", methods=["POST"])
@page(role="viewer")
def logout(ctx: PageContext) -> Response:
    assert ctx.admin is not None
    users.log_out(ctx.session, ctx.admin)
    ctx.end_session()
    return redirect_to(url_for("console.login"))


@console.route("/")
@page(role="viewer")
def home(ctx: PageContext) -> Response:
    return redirect_to(url_for(first_page(ctx)))


@console.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(rest: str) -> Response:
    return unmatched()  # 405 for a page's path under another method, else 404
