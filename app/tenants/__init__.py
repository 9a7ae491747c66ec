"""Tenants: the operators who use gigkit, and how they prove who they are.

Entities: `Tenant` (a live or a test tenant: sandbox data lives in its own test tenant, so
test credentials can never touch live objects; its time zone, locale and currency are read as
a typed `TenantSettings` via `service.settings_of`), `ApiKey`, `OAuthClient`, `OAuthToken`,
`AuditEvent`.

Invariants:
- Secrets (API keys, client secrets, access tokens) exist in clear only in the response that
  creates them; the database holds keyed hashes.
- A credential can only grant scopes it holds itself; only `admin` manages credentials.
- Every credential or tenant-settings change appends an `AuditEvent` (never updated).
- Settings are checked in one place (`settings.py`), whichever path writes them.
- Key states: active -> revoked, or active -> expired (by time, or by rotation's overlap).
  An OAuth client goes active -> revoked, and its tokens with it; a token goes active ->
  expired (an hour by default) or revoked.
- On PostgreSQL the application reads every tenant but changes only the one its
  transaction is bound to and deletes none (row-level security), and a trigger refuses
  any change to an `AuditEvent`.

Modules: `service` (tenants, their settings and the audit log; the public face),
`settings` (the typed settings and their rules, pure), `api_keys`, `oauth_clients`,
`oauth_server` (authlib's server) and `oauth_routes` (`/oauth/token`, `/oauth/revoke`,
`/oauth/introspect`), `scopes`, `errors`, `models`, `schemas`, `routes`.
"""

from __future__ import annotations

from app.core import auth
from app.tenants import api_keys, oauth_clients


def register_authenticators() -> None:
    for prefix in api_keys.PREFIXES.values():
        auth.register_authenticator(prefix, api_keys.authenticate)
    auth.register_authenticator(oauth_clients.TOKEN_PREFIX, oauth_clients.authenticate)
