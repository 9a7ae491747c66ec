"""Errors of the tenants block: credentials, and the OAuth endpoints' RFC 6749 codes.

The OAuth classes name the codes authlib (and the form validation of `/oauth/*`) answer
with, so that the endpoints can declare them; they are rendered by `oauth_server` and
`oauth_routes` with RFC 6749's `error` member beside `code`.
"""

from __future__ import annotations

from app.core.errors import BadRequest, Forbidden, Unauthorized


class ScopeEscalation(Forbidden):
    """Granting scopes the calling credential does not hold itself."""

    code = "scope_escalation"
    remedy = "grant fewer scopes"


class InvalidClient(Unauthorized):
    """`/oauth/*`: client unknown, revoked, or wrong secret (one answer for all, with
    `WWW-Authenticate: Basic`)."""

    code = "invalid_client"
    remedy = "check the client credentials"


class InvalidRequest(BadRequest):
    """`/oauth/*`: a malformed OAuth request (e.g. no `token`), or HTTP Basic and form client
    credentials together."""

    code = "invalid_request"
    remedy = "fix the request; authenticate the client one way"


class InvalidScope(BadRequest):
    """`/oauth/token`: a scope the client does not have, or not a scope name."""

    code = "invalid_scope"
    remedy = "request fewer scopes"


class UnsupportedGrantType(BadRequest):
    """`/oauth/token`: `grant_type` other than `client_credentials`."""

    code = "unsupported_grant_type"
    remedy = "use `client_credentials`"


class UnsupportedTokenType(BadRequest):
    """`/oauth/revoke`, `/oauth/introspect`: `token_type_hint` other than `access_token`."""

    code = "unsupported_token_type"
    remedy = "drop the hint"
