"""The console's pages: sign in and out, API keys (list, create, revoke). Thin: each view
reads its form, calls a `service`, and renders (`pages` does the rest)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, request, url_for

from app.console import users
from app.console.pages import PageContext, error_page, page
from app.core.time import real_now
from app.tenants import service as tenants

console = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")


@console.route("/login", methods=["GET", "POST"])
@page(role=None)
def login(ctx: PageContext) -> Response:
    if request.method == "GET":
        return ctx.render("console/login.html", email="")
    email = request.form.get("email", "")[:254]
    password = request.form.get("password", "")
    if users.throttled(email, request.remote_addr):
        return ctx.render("console/login.html", 429, email=email, error=ctx.t["login_throttled"])
    token = users.log_in(ctx.session, email=email, password=password, ip=request.remote_addr)
    if token is None:
        return ctx.render("console/login.html", 401, email=email, error=ctx.t["login_failed"])
    ctx.start_session(token)
    return _redirect(_safe_next(request.args.get("next")))


@console.route("/logout", methods=["POST"])
@page(role="viewer")
def logout(ctx: PageContext) -> Response:
    assert ctx.admin is not None
    users.log_out(ctx.session, ctx.admin)
    ctx.end_session()
    return _redirect(url_for("console.login"))


@console.route("/")
@page(role="viewer")
def home(ctx: PageContext) -> Response:
    return _redirect(url_for("console.keys"))


@console.route("/keys")
@page(role="viewer")
def keys(ctx: PageContext) -> Response:
    return _keys_page(ctx)


@console.route("/keys/new", methods=["GET", "POST"])
@page(role="developer")
def new_key(ctx: PageContext) -> Response:
    scopes = _grantable(ctx)
    if request.method == "GET":
        return ctx.render("console/key_new.html", scopes=scopes, form={}, errors={})
    form: dict[str, Any] = {
        "name": request.form.get("name", "").strip(),
        "scopes": request.form.getlist("scopes"),
        "expires_at": request.form.get("expires_at", "").strip(),
    }
    errors, expires_at = _check_key_form(ctx, form, scopes)
    if errors:
        form["name"] = form["name"][: tenants.API_KEY_NAME_MAX]
        return ctx.render("console/key_new.html", 422, scopes=scopes, form=form, errors=errors)
    key, secret = tenants.create_api_key(
        ctx.session,
        actor=ctx.actor,
        name=form["name"],
        scopes=form["scopes"],
        expires_at=expires_at,
        creator_scopes=frozenset(scopes),
    )
    return ctx.render("console/key_created.html", 201, key=key, secret=secret)


@console.route("/keys/<key_id>/revoke", methods=["GET", "POST"])
@page(role="developer")
def revoke_key(ctx: PageContext, key_id: str) -> Response:
    key = tenants.get_api_key(ctx.session, key_id)  # another tenant's: 404
    if request.method == "GET":
        return ctx.render("console/key_revoke.html", key=key)
    tenants.revoke_api_key(ctx.session, actor=ctx.actor, key_id=key.id)
    return _keys_page(ctx, notice=ctx.t["revoked"].format(name=key.name))


@console.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(rest: str) -> Response:
    return error_page(404)


def _keys_page(ctx: PageContext, notice: str | None = None) -> Response:
    rows = [(key, tenants.api_key_status(key)) for key in tenants.list_api_keys(ctx.session)]
    return ctx.render("console/keys.html", rows=rows, notice=notice)


def _grantable(ctx: PageContext) -> dict[str, str]:
    """The scopes this admin may put on a key: all of them for owners and admins; a
    developer cannot mint an `admin` key (which could manage credentials through the API)."""
    every = tenants.api_key_scopes()
    if ctx.can("admin"):
        return every
    return {name: text for name, text in every.items() if name != "admin"}


def _check_key_form(
    ctx: PageContext, form: dict[str, Any], grantable: dict[str, str]
) -> tuple[dict[str, str], dt.datetime | None]:
    errors: dict[str, str] = {}
    name = form["name"]
    if not name:
        errors["name"] = ctx.t["name_required"]
    elif len(name) > tenants.API_KEY_NAME_MAX:
        errors["name"] = ctx.t["name_too_long"].format(
            max=tenants.API_KEY_NAME_MAX, length=len(name)
        )
    if not form["scopes"]:
        errors["scopes"] = ctx.t["scopes_required"]
    elif any(s not in grantable for s in form["scopes"]):
        errors["scopes"] = ctx.t["scope_unknown"]
    expires_at = None
    if form["expires_at"]:
        try:
            local = dt.datetime.fromisoformat(form["expires_at"][:32])
            expires_at = local.replace(tzinfo=local.tzinfo or ctx.zone).astimezone(dt.UTC)
        except ValueError:
            errors["expires_at"] = ctx.t["expiry_invalid"]
        else:
            if expires_at <= real_now(ctx.session):
                errors["expires_at"] = ctx.t["expiry_invalid"]
    return errors, expires_at


def _safe_next(target: str | None) -> str:
    """Back to the page the login interrupted, only if it is a console path (never another
    site: `//evil.example` and `https://...` are refused)."""
    if (
        target
        and target.startswith("/console/")
        and not urlsplit(target).netloc
        and "\\" not in target
    ):
        return target
    return url_for("console.keys")


def _redirect(target: str) -> Response:
    return redirect(target, 303)  # type: ignore[return-value]
