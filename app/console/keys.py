"""The API keys pages: list (with last use), create (the secret shown once), revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, request

from app.console.pages import PageContext, console, page
from app.core.time import real_now
from app.tenants import service as tenants


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
