"""OAuth 2.0 endpoints: token (RFC 6749 §4.4), revocation (RFC 7009), introspection (RFC 7662)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from werkzeug.exceptions import UnprocessableEntity

from app.core.api import field_errors
from app.core.operation import FORM_TYPES, Blueprint, RequestContext
from app.core.problems import problem_response
from app.tenants import oauth_server
from app.tenants.errors import (
    InvalidClient,
    InvalidRequest,
    InvalidScope,
    UnsupportedGrantType,
    UnsupportedTokenType,
)
from app.tenants.schemas import (
    IntrospectionSchema,
    RevocationSchema,
    TokenOperationSchema,
    TokenRequestSchema,
    TokenResponseSchema,
)

blp = Blueprint("oauth", __name__, url_prefix="/oauth", description="OAuth 2.0 endpoints.")
CLIENT_AUTH: list[dict[str, list[str]]] = [{"clientBasic": []}, {}]  # Basic, or form fields

# RFC 6749 §5.2 / RFC 7009 §2.2: a malformed OAuth request is a 400 with an `error` code,
# not the 422 the rest of the API uses for invalid fields.
_OAUTH_FIELD_ERRORS = {
    "grant_type": "unsupported_grant_type",
    "scope": "invalid_scope",
    "token_type_hint": "unsupported_token_type",
}


@blp.errorhandler(UnprocessableEntity)
def _oauth_invalid_request(error: UnprocessableEntity) -> Response:
    errors = field_errors(error)
    fields = [e["field"] for e in errors]
    code = next(
        (_OAUTH_FIELD_ERRORS[f] for f in fields if f in _OAUTH_FIELD_ERRORS), "invalid_request"
    )
    detail = f"Invalid parameter(s): {', '.join(fields)}." if fields else "Invalid request."
    if len(errors) == 1:  # say what is wrong with it (e.g. which scope is unknown)
        detail = f"Invalid parameter {errors[0]['field']}: {errors[0]['message']}"
    return problem_response(
        400, code, detail, errors=errors or None, error=code, error_description=detail
    )


@blp.route("/token")
class TokenEndpoint(MethodView):
    @blp.operation(
        "issue_token",
        public=True,
        accepts=FORM_TYPES,
        idempotency_key="none",
        errors=[InvalidClient, InvalidRequest, InvalidScope, UnsupportedGrantType],
        security=CLIENT_AUTH,
    )
    @blp.arguments(TokenRequestSchema, location="form")
    @blp.response(200, TokenResponseSchema)
    def post(self, _form: dict[str, Any], ctx: RequestContext) -> Any:
        """Get an access token

        Client-credentials grant. Authenticate the client with HTTP Basic (client id and
        secret) or with `client_id` and `client_secret` form fields, not both (400
        `invalid_request`); any failed client authentication is 401 `invalid_client`.
        Tokens last one hour; request a new one when it expires (there are no refresh
        tokens).
        """
        return oauth_server.token_response()


@blp.route("/revoke")
class RevocationEndpoint(MethodView):
    @blp.operation(
        "revoke_token",
        public=True,
        accepts=FORM_TYPES,
        idempotency_key="none",
        errors=[InvalidClient, InvalidRequest, UnsupportedTokenType],
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
        errors=[InvalidClient, InvalidRequest, UnsupportedTokenType],
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
