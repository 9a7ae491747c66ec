"""The API keys pages: list (with last use and the end of a rotated key's overlap), create
(with scopes and an optional expiry; the secret shown once), rotate with an overlap, revoke
(`credentials` holds the views these share with the OAuth clients pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, request

from app.console import credentials, texts
from app.console.pages import PageContext, console, page
from app.core.time import real_now
from app.tenants import service as tenants

texts.register(
    {
        "zh": {
            "key_rotate_title": "轮换密钥 {name}",
            "key_rotate_intro": "将签发一个名称和权限范围相同的新密钥；旧密钥在重叠期结束后失效。",
            "key_rotated": "已轮换密钥 {name}",
            "key_old_until": "旧密钥（…{last4}）可用至 {when}。",
        },
        "en": {
            "key_rotate_title": "Rotate the key {name}",
            "key_rotate_intro": "A new key with the same name and scopes is issued; the old "
            "key stops working when the overlap ends.",
            "key_rotated": "Key {name} rotated",
            "key_old_until": "The old key (…{last4}) works until {when}.",
        },
    }
)


@console.route("/keys")
@page(role="viewer")
def keys(ctx: PageContext) -> Response:
    return _keys_page(ctx)


@console.route("/keys/new", methods=["GET", "POST"])
@page(role="developer")
def new_key(ctx: PageContext) -> Response:
    return credentials.new_view(ctx, KEYS)


@console.route("/keys/<key_id>/rotate", methods=["GET", "POST"])
@page(role="developer")
def rotate_key(ctx: PageContext, key_id: str) -> Response:
    return credentials.rotate_view(ctx, KEYS, key_id)


@console.route("/keys/<key_id>/revoke", methods=["GET", "POST"])
@page(role="developer")
def revoke_key(ctx: PageContext, key_id: str) -> Response:
    return credentials.revoke_view(ctx, KEYS, key_id)


def _keys_page(ctx: PageContext, notice: str | None = None) -> Response:
    rows = [
        (key, tenants.api_key_status(key), credentials.may_manage(ctx, key.scopes))
        for key in tenants.list_api_keys(ctx.session)
    ]
    return ctx.render("console/keys.html", rows=rows, notice=notice)


def _read_expiry(ctx: PageContext, form: dict[str, Any], errors: dict[str, str]) -> None:
    """The form's optional expiry, a local time in the tenant's zone: `form["expires_at"]`
    as typed, `form["expires"]` the moment (or None)."""
    typed = form["expires_at"] = request.form.get("expires_at", "").strip()[:32]
    form["expires"] = None
    if not typed:
        return
    expires = ctx.local_time(typed)
    if expires is None or expires <= real_now(ctx.session):
        errors["expires_at"] = ctx.t["expiry_invalid"]
        return
    form["expires"] = expires


def _create(ctx: PageContext, form: dict[str, Any], grantable: frozenset[str]) -> Any:
    return tenants.create_api_key(
        ctx.session,
        actor=ctx.actor,
        name=form["name"],
        scopes=form["scopes"],
        expires_at=form["expires"],
        creator_scopes=grantable,
    )


def _rotate(ctx: PageContext, key_id: str, overlap: dt.timedelta, grantable: frozenset[str]) -> Any:
    return tenants.rotate_api_key(
        ctx.session, actor=ctx.actor, key_id=key_id, overlap=overlap, creator_scopes=grantable
    )


def _old_key_until(ctx: PageContext, key_id: str, new: Any) -> list[str]:
    old = tenants.get_api_key(ctx.session, key_id)  # now ending when the overlap does
    return [ctx.t["key_old_until"].format(last4=old.last4, when=ctx.when(old.expires_at))]


KEYS = credentials.Kind(
    list_endpoint="console.keys",
    name_max=tenants.API_KEY_NAME_MAX,
    words={
        "create": "create_key",
        "created": "key_created",
        "not_created": "not_created",
        "back": "back_to_keys",
        "rotate_title": "key_rotate_title",
        "rotate_intro": "key_rotate_intro",
        "rotated": "key_rotated",
        "revoke_confirm": "revoke_confirm",
        "revoked": "revoked",
    },
    find=tenants.get_api_key,
    create=_create,
    rotate=_rotate,
    revoke=lambda ctx, key_id: tenants.revoke_api_key(ctx.session, actor=ctx.actor, key_id=key_id),
    list_page=_keys_page,
    rotated_lines=_old_key_until,
    extra_fields=_read_expiry,
)
