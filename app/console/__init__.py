"""The admin console: `/console/`, server-rendered pages for a tenant's human admins.

Entities: `AdminUser` (email + argon2 password hash, role owner / admin / developer /
viewer, one tenant; optionally a TOTP second factor and recovery codes), `AdminSession` (a
signed-in browser: the cookie holds an opaque token, the database its keyed hash, so logging
out, expiry or 30 idle minutes end it server-side; a pending one awaits the second factor),
`AdminInvitation` (a one-time link to join as a role, 72 h).

Modules: `pages` (`@page(role=..., csrf=True)`: the console's configuration of the kernel's
page pipeline, `core.pages`, which gives every page one unit of work, CSRF, security
headers, HTML error pages and the language; the console adds its authentication strategy,
the admin's session cookie bound to their tenant, and the role check), `texts` (the
message catalogue, zh-CN and en), `users` (admin users, passwords, sessions, login
throttling), `factors` (TOTP and recovery codes), `members` (invitations, roles, removals
and their rules), `once` (a form's one-time token: a reload replays the answer instead of
redoing the action), `service` (the public face other code calls: the CLI, the demo),
`routes` (login, logout, the list of page modules), the page modules `keys` and
`oauth_clients` (credentials), `webhooks`, `team`, `account` (Security, the sign-in's second
step) and `reports` (audit log, usage, escrow), `cli` (`gigkit admin create`), `models`.

The console calls other blocks only through their `service` modules, with the admin user
as the actor (`Actor("admin_user", id)`): what it does is audited like an API call.
"""
