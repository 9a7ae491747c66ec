"""authlib's authorization server, wired to our clients and tokens.

- `POST /oauth/token`: client-credentials grant only, client authentication by HTTP Basic
  (`client_secret_basic`) or form fields (`client_secret_post`), never both in one request
  (RFC 6749 §2.3: 400 `invalid_request`). No refresh tokens.
- Every failed client authentication, on every endpoint, is the same 401 `invalid_client`
  with a `WWW-Authenticate: Basic` challenge, whether the client is unknown, revoked, of
  another tenant or the secret is wrong, so client ids cannot be enumerated.
  Asking for a scope the client does not have is `invalid_scope`; asking for none gives
  every scope the client has (authlib's default would be an empty, useless token).
- `POST /oauth/revoke` (RFC 7009): 200 whether or not the token existed; a client can only
  revoke its own tokens.
- `POST /oauth/introspect` (RFC 7662): `{"active": false}` for anything unknown, expired,
  revoked or belonging to another tenant.
- Errors are problem+json that also carries RFC 6749's `error` / `error_description`.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import (
    ClientMixin,
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    grants,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from flask import Flask, Response, current_app, g
from flask import request as flask_request

from app.core import time as clock
from app.core.auth import Actor, expand_scopes
from app.core.crypto import make_token
from app.core.operation import current_session
from app.core.problems import problem_response
from app.tenants import oauth_clients
from app.tenants.models import OAuthClient, OAuthToken
from app.tenants.scopes import ALL_SCOPES

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
CLIENT_AUTHENTICATION_FAILED = "Client authentication failed: unknown client or wrong secret."


class ClientAuthenticationFailed(InvalidClientError):
    """Any failed client authentication: one status, body and challenge for every cause."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__(description=CLIENT_AUTHENTICATION_FAILED, status_code=401)

    def get_headers(self) -> list[tuple[str, str]]:
        headers = [(k, v) for k, v in super().get_headers() if k != "WWW-Authenticate"]
        challenge = (
            f'Basic realm="gigkit", error="invalid_client", '
            f'error_description="{CLIENT_AUTHENTICATION_FAILED}"'
        )
        return [*headers, ("WWW-Authenticate", challenge)]


class Client(ClientMixin):
    """authlib's view of one of our OAuth clients."""

    def __init__(self, row: OAuthClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """No scope asked: all of the client's. Otherwise exactly what was asked, which must
        be within the client's scopes (`x:write` covering `x:read`)."""
        if not scope:
            return self.row.scopes
        requested = set(scope_to_list(scope) or [])
        if lacking := requested - expand_scopes(self.row.scopes.split()):
            names = ", ".join(s for s in ALL_SCOPES if s in lacking)
            raise InvalidScopeError(description=f"The client does not hold the scope(s): {names}.")
        return " ".join(s for s in ALL_SCOPES if s in requested)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return oauth_clients.secret_matches(current_session(), self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"

    def check_response_type(self, response_type: str) -> bool:
        return False


class Token:
    """authlib's view of a stored access token."""

    def __init__(self, row: OAuthToken) -> None:
        self.row = row

    def check_client(self, client: Client) -> bool:
        return self.row.client_id == client.row.id

    def is_expired(self) -> bool:
        return self.row.expires_at <= clock.real_now(current_session())

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None

    def get_scope(self) -> str:
        return self.row.scopes


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


def _query_token(token_string: str, _hint: str | None) -> Token | None:
    row = oauth_clients.find_token(current_session(), token_string)
    return Token(row) if row is not None else None


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS
    SUPPORTED_TOKEN_TYPES = ("access_token",)

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return _query_token(token_string, token_type_hint)

    def authenticate_token(self, request: Any, client: Client) -> Token | None:
        """Another client's token is treated like an unknown one: nothing is revoked and the
        answer is the same 200, so revocation is no oracle for which tokens exist."""
        self.check_params(request, client)
        token = self.query_token(request.form["token"], request.form.get("token_type_hint"))
        return token if token is not None and token.check_client(client) else None

    def revoke_token(self, token: Token, request: Any) -> None:
        actor = Actor(
            "oauth_client", token.row.client_id, g.get("request_id"), flask_request.remote_addr
        )
        oauth_clients.revoke_token(current_session(), actor=actor, token=token.row)


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS
    SUPPORTED_TOKEN_TYPES = ("access_token",)

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return _query_token(token_string, token_type_hint)

    def check_permission(self, token: Token, client: Client, request: Any) -> bool:
        return token.row.tenant_id == client.row.tenant_id

    def introspect_token(self, token: Token) -> dict[str, Any]:
        row = token.row
        return {
            "active": True,
            "scope": row.scopes,
            "client_id": row.client_id,
            "token_type": "Bearer",
            "exp": int(row.expires_at.timestamp()),
            "iat": int(row.issued_at.timestamp()),
            "sub": row.client_id,
            "tenant_id": row.tenant_id,
        }


class Server(AuthorizationServer):
    def authenticate_client(self, request: Any, methods: list[str], endpoint: str = "token") -> Any:
        _check_one_authentication_method()
        try:
            return super().authenticate_client(request, methods, endpoint)
        except InvalidClientError:
            # authlib answers an unknown client id sent in the form with a 400, and names
            # the cause in WWW-Authenticate: both would tell which client ids exist
            raise ClientAuthenticationFailed() from None

    def handle_error_response(self, request: Any, error: OAuth2Error) -> Response:
        status, body, headers = error(None)
        payload = dict(body)
        code = payload.get("error", "invalid_request")
        if code == "invalid_client":  # authlib's own wording names its internals
            payload["error_description"] = CLIENT_AUTHENTICATION_FAILED
        description = payload.get("error_description") or code.replace("_", " ")
        return problem_response(
            status,
            code,
            description,
            headers={k: v for k, v in headers if k.lower() != "content-type"},
            error=code,
            error_description=payload.get("error_description"),
        )


def _check_one_authentication_method() -> None:
    """RFC 6749 §2.3: one client authentication method per request. With HTTP Basic, the
    form may name the same client (`client_id`, which some libraries add) but carry no
    `client_secret` and name no other client."""
    # whatever authlib reads as Basic credentials (it splits on any whitespace and decodes
    # leniently), so no spelling of the header slips past this check
    basic_id, _ = extract_basic_authorization(flask_request.headers)
    if basic_id is None:
        return
    form = flask_request.form
    if "client_secret" in form or form.get("client_id", basic_id) != basic_id:
        raise InvalidRequestError(
            description="Authenticate the client with one method only: HTTP Basic, or "
            "client_id and client_secret in the form, not both (RFC 6749, section 2.3)."
        )


def _query_client(client_id: str) -> Client | None:
    row = oauth_clients.find_for_authentication(current_session(), client_id)
    return Client(row) if row is not None else None


def _save_token(token: dict[str, Any], request: Any) -> None:
    oauth_clients.save_token(
        current_session(),
        client=request.client.row,
        access_token=token["access_token"],
        scopes=token.get("scope", ""),
        expires_in=int(token["expires_in"]),
    )


def init_app(app: Flask, *, token_ttl: int) -> None:
    app.config["OAUTH2_SCOPES_SUPPORTED"] = list(ALL_SCOPES)
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"client_credentials": token_ttl}
    app.config["OAUTH2_ACCESS_TOKEN_GENERATOR"] = _generate_access_token
    server = Server(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentialsGrant)
    server.register_endpoint(Revocation)
    server.register_endpoint(Introspection)
    app.extensions["gigkit.oauth"] = server


def _generate_access_token(*_args: Any, **_kwargs: Any) -> str:
    return make_token(oauth_clients.TOKEN_PREFIX)


def token_response() -> Response:
    server: Server = current_app.extensions["gigkit.oauth"]
    return server.create_token_response()  # type: ignore[no-any-return]


def endpoint_response(name: str) -> Response:
    server: Server = current_app.extensions["gigkit.oauth"]
    return server.create_endpoint_response(name)  # type: ignore[no-any-return]
