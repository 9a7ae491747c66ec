"""The admin console: `/console/`, server-rendered pages for a tenant's human admins.

Entities: `AdminUser` (email + argon2 password hash, role owner / admin / developer /
viewer, one tenant; optionally a TOTP second factor and recovery codes), `AdminSession` (a
signed-in browser: the cookie holds an opaque token, the database its keyed hash, so logging
out, expiry or 30 idle minutes end it server-side; a pending one awaits the second factor),
`AdminInvitation` (a one-time link to join as a role, 72 h).

Modules: `pages` (the page pipeline: `@page(role=..., csrf=True)`, one unit of work bound
to the admin's tenant, CSRF, HTML error pages, language), `texts` (the message catalogue,
zh-CN and en), `users` (admin users, passwords, sessions, login throttling), `factors`
(TOTP and recovery codes), `members` (invitations, roles, removals and their rules), `service`
(the public face other code calls: the CLI, the demo), `routes` (login, logout), the page
modules `keys`, `team` and `account` (Security, the sign-in's second step), `cli`
(`gigkit admin create`), `models`.

The console calls other blocks only through their `service` modules, with the admin user
as the actor (`Actor("admin_user", id)`): what it does is audited like an API call.
"""
