"""The admin console: `/console/`, server-rendered pages for a tenant's human admins.

Entities: `AdminUser` (email + argon2 password hash, role owner / admin / developer /
viewer, one tenant), `AdminSession` (a signed-in browser: the cookie holds an opaque token,
the database its keyed hash, so logging out or expiry ends it server-side).

Modules: `pages` (`@page(role=..., csrf=True)`: the console's configuration of the kernel's
page pipeline, `core.pages`, which gives every page one unit of work, CSRF, security
headers, HTML error pages and the language; the console adds its authentication strategy,
the admin's session cookie bound to their tenant, and the role check), `texts` (the
message catalogue, zh-CN and en), `users` (admin users, passwords, sessions, login
throttling), `service` (the public face other code calls: the CLI, the demo), `routes`
(login, logout, API keys), `cli` (`gigkit admin create`), `models`.

The console calls other blocks only through their `service` modules, with the admin user
as the actor (`Actor("admin_user", id)`): what it does is audited like an API call.
"""
