"""OAuth 2.0 endpoints: token (RFC 6749 §4.4), revocation (RFC 7009), introspection (RFC 7662)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.core.operation import FORM_TYPES, Blueprint, RequestContext
from app.tenants import oauth_server
from app.tenants.schemas import (
    IntrospectionSchema,
    RevocationSchema,
    TokenOperationSchema,
    TokenRequestSchema,
    TokenResponseSchema,
)

blp = Blueprint("oauth", __name__, url_prefix="/oauth", description="OAuth 2.0 endpoints.")
CLIENT_AUTH: list[dict[str, list[str]]] = [
    {"clientBasic": []},
    {},
]  # HTTP Basic, or client_id/client_secret in the form


@blp.route("/token")
class TokenEndpoint(MethodView):
    @blp.operation(
        "issue_token",
        public=True,
        accepts=FORM_TYPES,
        idempotency_key="none",
        errors=[401],
        security=CLIENT_AUTH,
    )
    @blp.arguments(TokenRequestSchema, location="form")
    @blp.response(200, TokenResponseSchema)
    def post(self, _form: dict[str, Any], ctx: RequestContext) -> Any:
        """Get an access token

        Client-credentials grant. Authenticate the client with HTTP Basic (client id and
        secret) or with `client_id` and `client_secret` form fields. Tokens last one hour;
        request a new one when it expires (there are no refresh tokens).
        """
        return oauth_server.token_response()


@blp.route("/revoke")
class RevocationEndpoint(MethodView):
    @blp.operation(
        "revoke_token",
        public=True,
        accepts=FORM_TYPES,
        idempotency_key="none",
        errors=[401],
        security=CLIENT_AUTH,
    )
    @blp.arguments(TokenOperationSchema, location="form")
    @blp.response(200, RevocationSchema)
    def post(self, _form: dict[str, Any], ctx: RequestContext) -> Any:
        """Revoke an access token

        RFC 7009: answers 200 whether or not the token existed; a client can only revoke
        its own tokens.
        """
        return oauth_server.endpoint_response("revocation")


@blp.route("/introspect")
class IntrospectionEndpoint(MethodView):
    @blp.operation(
        "introspect_token",
        public=True,
        accepts=FORM_TYPES,
        idempotency_key="none",
        errors=[401],
        security=CLIENT_AUTH,
    )
    @blp.arguments(TokenOperationSchema, location="form")
    @blp.response(200, IntrospectionSchema)
    def post(self, _form: dict[str, Any], ctx: RequestContext) -> Any:
        """Introspect an access token

        RFC 7662: `{"active": false}` for a token that is unknown, expired, revoked or
        belongs to another tenant; otherwise its scope, client and expiry.
        """
        return oauth_server.endpoint_response("introspection")
