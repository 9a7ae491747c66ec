"""The OAuth clients pages: list (client id, scopes, created, last used, status, the end of
the previous secret's overlap), create (the secret shown once, beside the client id), rotate
the secret with an overlap, revoke (with every token the client holds). `credentials` holds
the views these share with the API keys pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response

from app.console import credentials, texts
from app.console.pages import PageContext, console, page
from app.core.time import real_now
from app.tenants import service as tenants

texts.register(
    {
        "zh": {
            "client_none": "还没有 OAuth 客户端。",
            "client_id": "客户端 ID",
            "client_create": "创建客户端",
            "client_created": "已创建 OAuth 客户端 {name}",
            "client_not_created": "未创建任何客户端。",
            "client_token_hint": "用客户端 ID 和密钥以 client_credentials 方式"
            "向 /oauth/token 申请访问令牌。",
            "client_rotate_title": "轮换客户端 {name} 的密钥",
            "client_rotate_intro": "将签发新的客户端密钥；旧密钥在重叠期结束后失效。",
            "client_rotated": "已轮换客户端 {name} 的密钥",
            "client_old_until": "旧密钥可用至 {when}。",
            "client_old_ended": "旧密钥已立即失效。",
            "client_revoke_confirm": "确定吊销客户端 {name}？它将无法再申请令牌，"
            "已签发的令牌立即失效。",
            "client_revoked": "客户端 {name} 已吊销。",
        },
        "en": {
            "client_none": "No OAuth clients yet.",
            "client_id": "Client id",
            "client_create": "Create client",
            "client_created": "OAuth client {name} created",
            "client_not_created": "No client was created.",
            "client_token_hint": "Get an access token at /oauth/token with the client id and "
            "this secret (grant type client_credentials).",
            "client_rotate_title": "Rotate the secret of {name}",
            "client_rotate_intro": "A new client secret is issued; the old one stops working "
            "when the overlap ends.",
            "client_rotated": "Secret of {name} rotated",
            "client_old_until": "The old secret works until {when}.",
            "client_old_ended": "The old secret stopped working at once.",
            "client_revoke_confirm": "Revoke the client {name}? It can no longer get tokens, "
            "and the tokens it holds stop working at once.",
            "client_revoked": "The client {name} was revoked.",
        },
    }
)


@console.route("/oauth-clients")
@page(role="viewer")
def oauth_clients(ctx: PageContext) -> Response:
    return _clients_page(ctx)


@console.route("/oauth-clients/new", methods=["GET", "POST"])
@page(role="developer")
def new_oauth_client(ctx: PageContext) -> Response:
    return credentials.new_view(ctx, CLIENTS)


@console.route("/oauth-clients/<client_id>/rotate", methods=["GET", "POST"])
@page(role="developer")
def rotate_oauth_client(ctx: PageContext, client_id: str) -> Response:
    return credentials.rotate_view(ctx, CLIENTS, client_id)


@console.route("/oauth-clients/<client_id>/revoke", methods=["GET", "POST"])
@page(role="developer")
def revoke_oauth_client(ctx: PageContext, client_id: str) -> Response:
    return credentials.revoke_view(ctx, CLIENTS, client_id)


def _clients_page(ctx: PageContext, notice: str | None = None) -> Response:
    now = real_now(ctx.session)
    rows = [
        (
            client,
            tenants.oauth_client_status(client),
            credentials.may_manage(ctx, client.scopes),
            ends if (ends := client.previous_secret_expires_at) and ends > now else None,
        )
        for client in tenants.list_oauth_clients(ctx.session)
    ]
    return ctx.render("console/oauth_clients.html", rows=rows, notice=notice)


def _create(ctx: PageContext, form: dict[str, Any], grantable: frozenset[str]) -> Any:
    return tenants.create_oauth_client(
        ctx.session,
        actor=ctx.actor,
        name=form["name"],
        scopes=form["scopes"],
        creator_scopes=grantable,
    )


def _rotate(
    ctx: PageContext, client_id: str, overlap: dt.timedelta, grantable: frozenset[str]
) -> Any:
    return tenants.rotate_oauth_client_secret(
        ctx.session, actor=ctx.actor, client_id=client_id, overlap=overlap, creator_scopes=grantable
    )


def _old_secret_until(ctx: PageContext, client_id: str, client: Any) -> list[str]:
    ends = client.previous_secret_expires_at
    if ends is None:
        return [ctx.t["client_old_ended"]]
    return [ctx.t["client_old_until"].format(when=ctx.when(ends))]


def _revoke(ctx: PageContext, client_id: str) -> Any:
    return tenants.revoke_oauth_client(ctx.session, actor=ctx.actor, client_id=client_id)


CLIENTS = credentials.Kind(
    list_endpoint="console.oauth_clients",
    name_max=tenants.OAUTH_CLIENT_NAME_MAX,
    words={
        "create": "client_create",
        "created": "client_created",
        "not_created": "client_not_created",
        "back": "oauth_clients",
        "rotate_title": "client_rotate_title",
        "rotate_intro": "client_rotate_intro",
        "rotated": "client_rotated",
        "revoke_confirm": "client_revoke_confirm",
        "revoked": "client_revoked",
    },
    find=tenants.get_oauth_client,
    create=_create,
    rotate=_rotate,
    revoke=_revoke,
    list_page=_clients_page,
    rotated_lines=_old_secret_until,
    id_label="client_id",
    created_hint="client_token_hint",
)
