"""Who is calling: `Authorization: Bearer <token>` -> a `Principal` with scopes.

core knows the shape of credentials, not where they live: the tenants block registers one
authenticator per token prefix (API keys `gk_live_`/`gk_test_`, OAuth access tokens
`gk_oat_`). A token of an unknown shape is refused before any database work.

Scopes are `area:read`, `area:write`, `admin`, ...; holding `area:write` implies
`area:read`. A missing scope is a 403 `insufficient_scope` naming the scopes required.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from app.core.errors import (
    AppError,
    InsufficientScope,
    InvalidAuthorizationHeader,
    Unauthorized,
)

REALM = "gigkit"
# The spec's security schemes: a bearer credential, and OAuth 2.0 client credentials to get
# one (what /docs' "Authorize" offers); an operation accepts either, with its scopes.
BEARER_SCHEME = "bearerAuth"
OAUTH2_SCHEME = "oauth2"
EMPTY_BEARER_DETAIL = (
    "The bearer token is empty: send Authorization: Bearer <API key or access token> "
    "(is the variable holding your key set?)."
)

CredentialType = Literal["api_key", "oauth_token"]


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    mode: str  # "live" | "test"
    credential_type: CredentialType
    credential_id: str  # the API key id, or the access token id
    principal_id: str  # the API key id, or the OAuth client id (stable across tokens)
    scopes: frozenset[str]


@dataclass(frozen=True)
class Actor:
    """Who did something, for the audit log and events."""

    type: str  # "api_key" | "oauth_client" | "cli" | "system"
    id: str | None
    request_id: str | None = None
    ip: str | None = None

    @classmethod
    def of(cls, principal: Principal, *, request_id: str | None, ip: str | None) -> Actor:
        kind = "api_key" if principal.credential_type == "api_key" else "oauth_client"
        return cls(kind, principal.principal_id, request_id, ip)


Authenticator = Callable[[Session, str], Principal]
_AUTHENTICATORS: list[tuple[str, Authenticator]] = []


def register_authenticator(prefix: str, fn: Authenticator) -> None:
    """`fn(session, token)` returns a Principal or raises Unauthorized."""
    if all(p != prefix for p, _ in _AUTHENTICATORS):
        _AUTHENTICATORS.append((prefix, fn))


def expand_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """`x:write` implies `x:read`."""
    held = set(scopes)
    held |= {s.removesuffix(":write") + ":read" for s in held if s.endswith(":write")}
    return frozenset(held)


def challenge(error: str | None = None, description: str | None = None) -> dict[str, str]:
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    return {"WWW-Authenticate": "Bearer " + ", ".join(parts)}


def invalid_token(code: str, detail: str) -> AppError:
    """The 401 for a credential that is not (or no longer) valid: `code` names one of the
    `Unauthorized` classes (`api_key_revoked`, `token_expired`, ...)."""
    return Unauthorized.named(code)(detail, headers=challenge("invalid_token", detail))


def authenticate(session: Session, authorization: str | None) -> Principal:
    if not authorization:
        raise Unauthorized(headers=challenge())
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer":
        raise InvalidAuthorizationHeader(
            headers=challenge("invalid_request", "Bearer token required")
        )
    if not token:  # the scheme is right: say what is missing, not "use the Bearer scheme"
        raise InvalidAuthorizationHeader(
            EMPTY_BEARER_DETAIL, headers=challenge("invalid_request", "The bearer token is empty")
        )
    for prefix, fn in _AUTHENTICATORS:
        if token.startswith(prefix):
            return fn(session, token)
    raise invalid_token("invalid_api_key", "The API key or access token is not valid.")


def require_scopes(principal: Principal, required: Iterable[str]) -> None:
    missing = sorted(set(required) - expand_scopes(principal.scopes))
    if missing:
        needed = " ".join(sorted(required))
        raise InsufficientScope(
            f"This credential lacks the scope(s): {', '.join(missing)}.",
            headers={
                "WWW-Authenticate": f'Bearer realm="{REALM}", error="insufficient_scope", '
                f'scope="{needed}"'
            },
            required_scopes=sorted(required),
        )
