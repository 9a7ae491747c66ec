"""Tenant administration: settings, API keys, OAuth clients, audit log. Scope: `admin`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask.views import MethodView

from app.core.errors import InvalidState, NotFound
from app.core.operation import Blueprint, RequestContext
from app.core.pagination import PageQuerySchema, page_schema
from app.tenants import api_keys, oauth_clients
from app.tenants import service as tenants
from app.tenants.errors import ScopeEscalation
from app.tenants.schemas import (
    ApiKeyCreateSchema,
    ApiKeyQuerySchema,
    ApiKeySchema,
    ApiKeyWithSecretSchema,
    AuditEventQuerySchema,
    AuditEventSchema,
    OAuthClientCreateSchema,
    OAuthClientSchema,
    OAuthClientWithSecretSchema,
    RotateSchema,
    TenantSchema,
    TenantUpdateSchema,
)

blp = Blueprint("tenants", __name__, url_prefix="/v1", description="Tenant administration.")
ADMIN = ["admin"]


def _scopes(ctx: RequestContext) -> frozenset[str]:
    assert ctx.principal is not None
    return ctx.principal.scopes


@blp.route("/tenant")
class CurrentTenant(MethodView):
    @blp.operation("get_tenant", scopes=ADMIN)
    @blp.response(200, TenantSchema)
    def get(self, ctx: RequestContext) -> Any:
        """Get your tenant

        The tenant the credential belongs to.
        """
        return tenants.get_current(ctx.session)

    @blp.operation("update_tenant", scopes=ADMIN)
    @blp.arguments(TenantUpdateSchema, required=False)
    @blp.response(200, TenantSchema)
    def patch(self, changes: dict[str, Any], ctx: RequestContext) -> Any:
        """Update your tenant

        Name, time zone (used for calendar days), locale and default currency.
        """
        return tenants.update_current(ctx.session, actor=ctx.actor, changes=changes)


@blp.route("/api-keys")
class ApiKeys(MethodView):
    @blp.operation("list_api_keys", scopes=ADMIN)
    @blp.arguments(ApiKeyQuerySchema, location="query")
    @blp.response(200, page_schema(ApiKeySchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List API keys

        Newest first. Secrets are never shown again after creation.
        """
        return api_keys.list_(ctx.session, **query)

    @blp.operation("create_api_key", scopes=ADMIN, errors=[ScopeEscalation])
    @blp.arguments(ApiKeyCreateSchema)
    @blp.response(201, ApiKeyWithSecretSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create an API key

        The response is the only time the key (`secret`) is shown: store it safely. A key
        cannot be given scopes the calling credential does not hold.
        """
        return api_keys.create(ctx.session, actor=ctx.actor, creator_scopes=_scopes(ctx), **data)


@blp.route("/api-keys/<id(key):key_id>")
class ApiKeyById(MethodView):
    @blp.operation("get_api_key", scopes=ADMIN, errors=[NotFound])
    @blp.response(200, ApiKeySchema)
    def get(self, key_id: str, ctx: RequestContext) -> Any:
        """Get an API key"""
        return api_keys.get_or_raise(ctx.session, key_id)

    @blp.operation("revoke_api_key", scopes=ADMIN, errors=[NotFound])
    @blp.response(200, ApiKeySchema)
    def delete(self, key_id: str, ctx: RequestContext) -> Any:
        """Revoke an API key

        Takes effect immediately: the key answers 401 `api_key_revoked` from now on, and it
        is gone from this API (GET answers 404). The audit log keeps the record.
        """
        return api_keys.revoke(ctx.session, actor=ctx.actor, key_id=key_id)


@blp.route("/api-keys/<id(key):key_id>/rotate")
class ApiKeyRotation(MethodView):
    @blp.operation("rotate_api_key", scopes=ADMIN, errors=[NotFound, InvalidState, ScopeEscalation])
    @blp.arguments(RotateSchema, required=False)
    @blp.response(201, ApiKeyWithSecretSchema)
    def post(self, data: dict[str, Any], key_id: str, ctx: RequestContext) -> Any:
        """Rotate an API key

        Issues a new key with the same name and scopes. The old key keeps working for
        `overlap_seconds` (default one day, at most seven), then answers 401
        `api_key_expired`.
        """
        return api_keys.rotate(
            ctx.session,
            actor=ctx.actor,
            key_id=key_id,
            overlap=dt.timedelta(seconds=data["overlap_seconds"]),
            creator_scopes=_scopes(ctx),
        )


@blp.route("/oauth-clients")
class OAuthClients(MethodView):
    @blp.operation("list_oauth_clients", scopes=ADMIN)
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, page_schema(OAuthClientSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List OAuth clients"""
        return oauth_clients.list_(ctx.session, **query)

    @blp.operation("create_oauth_client", scopes=ADMIN, errors=[ScopeEscalation])
    @blp.arguments(OAuthClientCreateSchema)
    @blp.response(201, OAuthClientWithSecretSchema)
    def post(self, data: dict[str, Any], ctx: RequestContext) -> Any:
        """Create an OAuth client

        A confidential client for the client-credentials grant (`POST /oauth/token`). The
        `client_secret` is shown only in this response.
        """
        return oauth_clients.create(
            ctx.session, actor=ctx.actor, creator_scopes=_scopes(ctx), **data
        )


@blp.route("/oauth-clients/<id(cli):client_id>")
class OAuthClientById(MethodView):
    @blp.operation("get_oauth_client", scopes=ADMIN, errors=[NotFound])
    @blp.response(200, OAuthClientSchema)
    def get(self, client_id: str, ctx: RequestContext) -> Any:
        """Get an OAuth client"""
        return oauth_clients.get_or_raise(ctx.session, client_id)

    @blp.operation("revoke_oauth_client", scopes=ADMIN, errors=[NotFound])
    @blp.response(200, OAuthClientSchema)
    def delete(self, client_id: str, ctx: RequestContext) -> Any:
        """Revoke an OAuth client

        The client can no longer obtain tokens, every token it holds stops working, and it
        is gone from this API (GET answers 404). The audit log keeps the record.
        """
        return oauth_clients.revoke(ctx.session, actor=ctx.actor, client_id=client_id)


@blp.route("/oauth-clients/<id(cli):client_id>/rotate-secret")
class OAuthClientSecretRotation(MethodView):
    @blp.operation("rotate_oauth_client_secret", scopes=ADMIN, errors=[NotFound, ScopeEscalation])
    @blp.arguments(RotateSchema, required=False)
    @blp.response(201, OAuthClientWithSecretSchema)
    def post(self, data: dict[str, Any], client_id: str, ctx: RequestContext) -> Any:
        """Rotate an OAuth client's secret

        The previous secret keeps working for `overlap_seconds` (default one day). Like
        creating a client, this needs every scope the client holds.
        """
        return oauth_clients.rotate_secret(
            ctx.session,
            actor=ctx.actor,
            client_id=client_id,
            overlap=dt.timedelta(seconds=data["overlap_seconds"]),
            creator_scopes=_scopes(ctx),
        )


@blp.route("/audit-events")
class AuditEvents(MethodView):
    @blp.operation("list_audit_events", scopes=ADMIN)
    @blp.arguments(AuditEventQuerySchema, location="query")
    @blp.response(200, page_schema(AuditEventSchema))
    def get(self, query: dict[str, Any], ctx: RequestContext) -> Any:
        """List audit events

        Append-only record of every change to credentials and tenant settings: who (actor),
        what (action, target), when, and the request id.
        """
        return tenants.list_audit_events(ctx.session, **query)
